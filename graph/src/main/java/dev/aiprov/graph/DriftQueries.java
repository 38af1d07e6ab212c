package dev.aiprov.graph;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What drift detection compares: the organisation's dependency tree (every repo a deployment uses, its
 * {@code DERIVED_FROM*1..10} ancestors and the datasets they were trained on), read before a crawl
 * writes and again after it, plus what the crawl's scan recorded since it started. Read-only.
 */
public final class DriftQueries {
    /** Max lineage hops followed from a used repo. */
    public static final int DEPTH = 10;

    /**
     * One repo of the dependency tree as the graph holds it. {@code createdAt} is ISO-8601 or null;
     * {@code gated} is {@code false}, {@code auto} or {@code manual} as the Hub said, or null if never read.
     */
    public record RepoState(String key, String id, RepoType type, String hubId, String author, String createdAt,
                            String sha, String status, Long downloads, boolean inUse, String gated) {
    }

    /** One use: {@code approvedRevisions} are revisions whose latest fact is an approval (expiry not checked). */
    public record Use(String deployment, String repoKey, String revision, boolean pinned, List<String> approvedRevisions) {
        public Use {
            approvedRevisions = List.copyOf(approvedRevisions);
        }
    }

    /** A finding reachable from a repo of the tree (any revision). */
    public record FindingRef(String repoKey, String findingKey, String rule, String severity, String message, String path) {
    }

    /** A secret first seen at or after a time, leaked somewhere in the tree. Only its hash and redacted form. */
    public record NewSecret(String repoKey, String sha256, String type, String redacted, String path) {
    }

    /** A repo the crawl knows with its downloads (look-alike candidates). */
    public record Known(String key, String id, RepoType type, String author, long downloads) {
    }

    /** A file's scan result recorded at or after a time. */
    public record ScannedFile(String fileKey, String repoKey, String path, String revision, String status, String why,
                              String format, long findings) {
    }

    /** A finding recorded on a file at or after a time (for events). */
    public record RecordedFinding(String fileKey, String repoKey, String path, String findingKey, String rule,
                                  String severity, String message, String location, String secretSha256,
                                  String secretRedacted) {
    }

    private static final String TREE = """
            MATCH (:Deployment)-[:USES]->(u:Repo)
            WITH collect(DISTINCT u) AS used
            CALL {
              WITH used
              UNWIND used AS u
              OPTIONAL MATCH (u)-[:DERIVED_FROM*1..%1$d]->(a:Model)
              RETURN collect(DISTINCT a) AS anc
            }
            WITH used + anc AS ms
            UNWIND ms AS m
            OPTIONAL MATCH (m)-[:TRAINED_ON]->(ds:Dataset)
            WITH collect(DISTINCT m) + collect(DISTINCT ds) AS nodes
            UNWIND nodes AS n
            WITH DISTINCT n WHERE n IS NOT NULL
            RETURN n.key AS key, n.id AS id, n.hubId AS hubId, n.author AS author,
                   CASE WHEN n.createdAt IS NULL THEN null ELSE toString(n.createdAt) END AS createdAt,
                   n.sha AS sha, n.status AS status, n.downloads AS downloads, n.gated AS gated,
                   EXISTS { (:Deployment)-[:USES]->(n) } AS inUse
            ORDER BY key
            """.formatted(DEPTH);

    private static final String USES = """
            MATCH (d:Deployment)-[u:USES]->(a:Repo)
            CALL {
              WITH a
              OPTIONAL MATCH (f:Approval {artifact: a.key})
              WITH f ORDER BY f.seq DESC
              WITH f.revision AS rev, collect(f.action)[0] AS last
              WHERE rev IS NOT NULL AND last = 'approve'
              RETURN collect(rev) AS approved
            }
            RETURN d.name AS deployment, a.key AS key, u.revision AS revision, coalesce(u.pinned, false) AS pinned, approved
            ORDER BY deployment, key
            """;

    private static final String FINDINGS = """
            UNWIND $keys AS k
            MATCH (n:Repo {key: k})-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(x:Finding)
            RETURN n.key AS repo, x.key AS key, x.rule AS rule, x.severity AS severity, x.message AS message,
                   min(f.path) AS path
            """;

    private static final String NEW_SECRETS = """
            UNWIND $keys AS k
            MATCH (n:Repo {key: k})-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(:Finding)-[:LEAKS]->(s:Secret)
            WHERE s.firstSeen >= $since
            RETURN n.key AS repo, s.sha256 AS sha, s.type AS type, s.redacted AS redacted, min(f.path) AS path
            """;

    private static final String KNOWN = """
            MATCH (n:Repo) WHERE n.downloads >= $min AND n.id IS NOT NULL AND coalesce(n.status, 'ok') = 'ok'
            RETURN n.key AS key, n.id AS id, n.author AS author, n.downloads AS downloads
            """;

    private static final String SCANNED = """
            MATCH (f:File)-[:SCANNED_AS]->(s:ScanResult) WHERE s.scannedAt >= $since
            RETURN f.key AS key, f.repo AS repo, f.path AS path, f.revision AS revision, s.status AS status,
                   s.why AS why, s.format AS format, coalesce(s.findings, 0) AS findings
            ORDER BY key
            """;

    private static final String RECORDED_FINDINGS = """
            MATCH (f:File)-[:SCANNED_AS]->(s:ScanResult)-[:REPORTED]->(x:Finding) WHERE s.scannedAt >= $since
            OPTIONAL MATCH (x)-[:LEAKS]->(z:Secret)
            RETURN f.key AS file, f.repo AS repo, f.path AS path, x.key AS key, x.rule AS rule, x.severity AS severity,
                   x.message AS message, x.location AS location, z.sha256 AS sha, z.redacted AS redacted
            ORDER BY file, key
            """;

    private final Graph graph;

    public DriftQueries(Graph graph) {
        this.graph = graph;
    }

    /** The dependency tree: used repos, their ancestors and training datasets. */
    public List<RepoState> tree() {
        return Tx.read(graph, "reading the dependency tree", TREE, Map.of(), r -> {
            String key = r.get("key").asString();
            return new RepoState(key, Tx.string(r.get("id")), RepoType.parse(key.substring(0, key.indexOf(':'))),
                    Tx.string(r.get("hubId")), Tx.string(r.get("author")), Tx.string(r.get("createdAt")),
                    Tx.string(r.get("sha")), Tx.string(r.get("status")),
                    r.get("downloads").isNull() ? null : r.get("downloads").asLong(), r.get("inUse").asBoolean(),
                    Tx.string(r.get("gated")));
        });
    }

    public List<Use> uses() {
        return Tx.read(graph, "reading uses", USES, Map.of(), r -> new Use(r.get("deployment").asString(),
                r.get("key").asString(), Tx.string(r.get("revision")), r.get("pinned").asBoolean(),
                Tx.strings(r.get("approved"))));
    }

    public List<FindingRef> findings(List<String> repoKeys) {
        return Tx.read(graph, "reading findings of the dependency tree", FINDINGS, Map.of("keys", repoKeys),
                r -> new FindingRef(r.get("repo").asString(), r.get("key").asString(), Tx.string(r.get("rule")),
                        Tx.string(r.get("severity")), Tx.string(r.get("message")), Tx.string(r.get("path"))));
    }

    public List<NewSecret> secretsFirstSeenSince(List<String> repoKeys, Instant since) {
        return Tx.read(graph, "reading new secrets", NEW_SECRETS, Map.of("keys", repoKeys, "since", Tx.param(since)),
                r -> new NewSecret(r.get("repo").asString(), r.get("sha").asString(), Tx.string(r.get("type")),
                        Tx.string(r.get("redacted")), Tx.string(r.get("path"))));
    }

    /** Repos with at least {@code minDownloads} downloads (status ok). */
    public List<Known> popular(long minDownloads) {
        return Tx.read(graph, "reading popular repos", KNOWN, Map.of("min", minDownloads), r -> {
            String key = r.get("key").asString();
            return new Known(key, r.get("id").asString(), RepoType.parse(key.substring(0, key.indexOf(':'))),
                    Tx.string(r.get("author")), r.get("downloads").asLong());
        });
    }

    public List<ScannedFile> scannedSince(Instant since) {
        return Tx.read(graph, "reading scan results", SCANNED, Map.of("since", Tx.param(since)),
                r -> new ScannedFile(r.get("key").asString(), Tx.string(r.get("repo")), Tx.string(r.get("path")),
                        Tx.string(r.get("revision")), Tx.string(r.get("status")), Tx.string(r.get("why")),
                        Tx.string(r.get("format")), r.get("findings").asLong()));
    }

    public List<RecordedFinding> findingsRecordedSince(Instant since) {
        return Tx.read(graph, "reading findings", RECORDED_FINDINGS, Map.of("since", Tx.param(since)),
                r -> new RecordedFinding(r.get("file").asString(), Tx.string(r.get("repo")), Tx.string(r.get("path")),
                        r.get("key").asString(), Tx.string(r.get("rule")), Tx.string(r.get("severity")),
                        Tx.string(r.get("message")), Tx.string(r.get("location")), Tx.string(r.get("sha")),
                        Tx.string(r.get("redacted"))));
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
