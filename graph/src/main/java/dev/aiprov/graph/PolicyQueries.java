package dev.aiprov.graph;

import org.neo4j.driver.Record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a policy check needs about each use of each deployment: the repo's state upstream, the
 * latest approval for the revision in use, which of that revision's files were scanned and by which
 * scanner version, findings in the artifact and its base models ({@code DERIVED_FROM*1..10}) with the
 * path that leads to them, {@code custom_code} tags along the lineage, and leaked secrets. Judging
 * the facts is the caller's business.
 */
public final class PolicyQueries {

    /** The repo as the crawl last saw it; {@code unresolved} when it was never crawled. */
    public record RepoState(String sha, String status, Boolean disabled, String license, List<String> tags,
                            boolean unresolved) {
        public RepoState {
            tags = List.copyOf(tags);
        }
    }

    /** A file of the revision in use and the scanner versions that scanned it (empty: never scanned). */
    public record FileScan(String path, List<String> scannerVersions) {
        public FileScan {
            scannerVersions = List.copyOf(scannerVersions);
        }
    }

    /**
     * A finding in the artifact or an ancestor: {@code path} runs from the artifact to the repo holding
     * the finding (length 1 when it is the artifact's own).
     */
    public record LineageFinding(List<String> path, String revision, String file, String rule, String severity) {
        public LineageFinding {
            path = List.copyOf(path);
        }
    }

    /** Everything known about one use. {@code effectiveRevision} may be null (unpinned, head unknown). */
    public record UseFacts(String deployment, String environment, String owner, String manifest, Integer line,
                           RepoType type, String repo, String revision, boolean pinned, String source,
                           Instant pulledAt, String effectiveRevision, RepoState repoState,
                           ApprovalStore.Fact latestApproval, List<FileScan> scans, List<LineageFinding> findings,
                           List<List<String>> customCodePaths, long leakedSecrets) {
        public UseFacts {
            scans = List.copyOf(scans);
            findings = List.copyOf(findings);
            customCodePaths = List.copyOf(customCodePaths);
        }

        public String key() {
            return GraphWrites.key(type, repo);
        }
    }

    private static final String USES = """
            MATCH (d:Deployment)-[u:USES]->(a:Repo)
            WHERE $deployment IS NULL OR d.name = $deployment
            RETURN d.name AS deployment, d.env AS env, d.owner AS owner, d.manifest AS manifest, u.line AS line,
                   a.key AS key, a.id AS repo, u.revision AS revision, coalesce(u.pinned, false) AS pinned,
                   u.source AS source, u.pulledAt AS pulledAt, %s AS effective,
                   a.sha AS sha, a.status AS status, a.disabled AS disabled, a.license AS license,
                   coalesce(a.tags, []) AS tags, coalesce(a.unresolved, false) AS unresolved
            ORDER BY deployment, key, revision
            """.formatted(InventoryStore.EFFECTIVE_REVISION.replace("u.pinned", "coalesce(u.pinned, false)"));

    /** Files of the revision in use (every revision when it is unknown) and their scans. */
    private static final String SCANS = """
            UNWIND $rows AS row
            MATCH (a:Repo {key: row.key})-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)
            WHERE row.revision IS NULL OR v.sha = row.revision
            OPTIONAL MATCH (f)-[:SCANNED_AS]->(s:ScanResult)
            RETURN row.key AS key, row.revision AS revision, f.path AS path, collect(s.scannerVersion) AS versions
            """;

    /**
     * Findings at the given severities, or of a REMOTE_CODE rule, in the artifact (revision in use)
     * and in its base models (their head revision when known, else any).
     */
    private static final String FINDINGS = """
            UNWIND $rows AS row
            MATCH (a:Repo {key: row.key})
            CALL {
              WITH a, row
              MATCH (a)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(x:Finding)
              WHERE (row.revision IS NULL OR v.sha = row.revision)
                AND (toLower(x.severity) IN $severities OR x.rule STARTS WITH 'REMOTE_CODE')
              RETURN [a.id] AS path, v.sha AS sha, f.path AS file, x.rule AS rule, toLower(x.severity) AS severity
              UNION
              WITH a
              MATCH p = (a)-[:DERIVED_FROM*1..10]->(b:Model)
              WHERE b <> a
              MATCH (b)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(x:Finding)
              WHERE (b.sha IS NULL OR v.sha = b.sha)
                AND (toLower(x.severity) IN $severities OR x.rule STARTS WITH 'REMOTE_CODE')
              RETURN [n IN nodes(p) | n.id] AS path, v.sha AS sha, f.path AS file, x.rule AS rule,
                     toLower(x.severity) AS severity
            }
            RETURN row.key AS key, row.revision AS revision, path, sha, file, rule, severity
            ORDER BY size(path), file, rule
            """;

    private static final String CUSTOM_CODE = """
            UNWIND $rows AS row
            MATCH p = (a:Repo {key: row.key})-[:DERIVED_FROM*0..10]->(b:Repo)
            WHERE 'custom_code' IN coalesce(b.tags, [])
            RETURN row.key AS key, [n IN nodes(p) | n.id] AS path
            ORDER BY size(path)
            """;

    /** Distinct secrets leaked by findings in any revision of the repo. */
    private static final String SECRETS = """
            UNWIND $keys AS key
            MATCH (a:Repo {key: key})-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(:File)-[:HAS_FINDING]->(:Finding)-[:LEAKS]->(s:Secret)
            RETURN key, count(DISTINCT s) AS secrets
            """;

    private final Graph graph;

    public PolicyQueries(Graph graph) {
        this.graph = graph;
    }

    /**
     * Facts for every use of {@code deployment} (null: every deployment). {@code severities} are the
     * finding severities to report (lower case, e.g. {@code [critical, high]}); REMOTE_CODE findings
     * are always reported.
     */
    public List<UseFacts> facts(String deployment, Collection<String> severities) {
        Map<String, Object> p = new HashMap<>();
        p.put("deployment", deployment);
        List<Record> uses = Tx.read(graph, "reading deployments", USES, p, r -> r);
        Map<String, Map<String, Object>> pairs = new LinkedHashMap<>();
        List<String[]> approvalPairs = new ArrayList<>();
        for (Record r : uses) {
            String key = r.get("key").asString();
            String eff = Tx.string(r.get("effective"));
            Map<String, Object> row = new HashMap<>();
            row.put("key", key);
            row.put("revision", eff);
            pairs.put(key + "@" + eff, row);
            approvalPairs.add(new String[]{key, eff});
        }
        List<Map<String, Object>> rows = new ArrayList<>(pairs.values());
        Map<String, ApprovalStore.Fact> approvals = ApprovalStore.latest(graph, approvalPairs);

        Map<String, List<FileScan>> scans = new HashMap<>();
        Map<String, List<LineageFinding>> findings = new HashMap<>();
        Map<String, List<List<String>>> customCode = new HashMap<>();
        Map<String, Long> secrets = new HashMap<>();
        if (!rows.isEmpty()) {
            for (Record r : Tx.read(graph, "reading scans", SCANS, Map.of("rows", rows), r -> r)) {
                scans.computeIfAbsent(pairKey(r), k -> new ArrayList<>())
                        .add(new FileScan(r.get("path").asString(), Tx.strings(r.get("versions"))));
            }
            Map<String, Object> fp = Map.of("rows", rows, "severities", List.copyOf(severities));
            for (Record r : Tx.read(graph, "reading findings", FINDINGS, fp, r -> r)) {
                findings.computeIfAbsent(pairKey(r), k -> new ArrayList<>()).add(new LineageFinding(
                        Tx.strings(r.get("path")), Tx.string(r.get("sha")), Tx.string(r.get("file")),
                        Tx.string(r.get("rule")), Tx.string(r.get("severity"))));
            }
            List<String> keys = rows.stream().map(m -> (String) m.get("key")).distinct().toList();
            List<Map<String, Object>> keyRows = keys.stream().map(k -> Map.<String, Object>of("key", k)).toList();
            for (Record r : Tx.read(graph, "reading lineage tags", CUSTOM_CODE, Map.of("rows", keyRows), r -> r)) {
                customCode.computeIfAbsent(r.get("key").asString(), k -> new ArrayList<>()).add(Tx.strings(r.get("path")));
            }
            for (Record r : Tx.read(graph, "reading leaked secrets", SECRETS, Map.of("keys", keys), r -> r)) {
                secrets.put(r.get("key").asString(), r.get("secrets").asLong());
            }
        }
        List<UseFacts> out = new ArrayList<>();
        for (Record r : uses) {
            String key = r.get("key").asString();
            String eff = Tx.string(r.get("effective"));
            String pk = key + "@" + eff;
            RepoState state = new RepoState(Tx.string(r.get("sha")), Tx.string(r.get("status")), Tx.bool(r.get("disabled")),
                    Tx.string(r.get("license")), Tx.strings(r.get("tags")), r.get("unresolved").asBoolean());
            out.add(new UseFacts(r.get("deployment").asString(), Tx.string(r.get("env")), Tx.string(r.get("owner")),
                    Tx.string(r.get("manifest")), r.get("line").isNull() ? null : r.get("line").asInt(),
                    RepoType.parse(key.substring(0, key.indexOf(':'))), r.get("repo").asString(),
                    Tx.string(r.get("revision")), r.get("pinned").asBoolean(), Tx.string(r.get("source")),
                    Tx.instant(r.get("pulledAt")), eff, state, eff == null ? null : approvals.get(pk),
                    scans.getOrDefault(pk, List.of()), findings.getOrDefault(pk, List.of()),
                    customCode.getOrDefault(key, List.of()), secrets.getOrDefault(key, 0L)));
        }
        return out;
    }

    private static String pairKey(Record r) {
        return r.get("key").asString() + "@" + Tx.string(r.get("revision"));
    }
}
