package dev.aiprov.graph;

import org.neo4j.driver.Record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an organisation runs: {@code (:Deployment {name, env, owner, manifest})-[:USES {revision,
 * pinned, source, pulledAt, line}]->(:Model|:Dataset|:Space)}. Repo nodes are merged by id (created
 * {@code unresolved} when the crawl has not reached them), exactly as lineage parents are.
 */
public final class InventoryStore {

    /** A deployment to import. {@code environment}, {@code owner} and {@code manifest} may be null (kept as they were). */
    public record DeploymentRow(String name, String environment, String owner, String manifest, List<UseRow> uses) {
        public DeploymentRow {
            uses = List.copyOf(uses);
        }
    }

    /** One use. {@code revision} null follows main; {@code line} is where the manifest says it (may be null). */
    public record UseRow(RepoType type, String repo, String revision, boolean pinned, String source,
                         Instant pulledAt, Integer line) {
    }

    /**
     * One artifact in use by one deployment, as {@code inventory list} shows it. {@code worstFinding}
     * is the worst severity under any revision of the repo, {@code "none"} when scanned clean, null
     * when never scanned. {@code approval} is for the revision in use (the repo's head when unpinned).
     */
    public record Item(String deployment, String environment, String owner, RepoType type, String repo,
                       String revision, boolean pinned, String source, Instant pulledAt, String effectiveRevision,
                       ApprovalState approval, String worstFinding) {
        public String key() {
            return GraphWrites.key(type, repo);
        }
    }

    /** An artifact some deployment uses: explicit revisions, and whether some use follows main. */
    public record ArtifactInUse(RepoType type, String id, List<String> revisions, boolean followsMain) {
        public ArtifactInUse {
            revisions = List.copyOf(revisions);
        }
    }

    /** Drops the deployments' previous uses and sets their properties; creates missing deployments. */
    private static final String UPSERT_DEPLOYMENTS = """
            UNWIND $rows AS row
            MERGE (d:Deployment {name: row.name})
              ON CREATE SET d.createdAt = datetime()
            SET d.env = coalesce(row.env, d.env), d.owner = coalesce(row.owner, d.owner),
                d.manifest = coalesce(row.manifest, d.manifest), d.importedAt = datetime()
            WITH d
            OPTIONAL MATCH (d)-[old:USES]->()
            DELETE old
            """;

    private static final String CREATE_USES = """
            UNWIND $rows AS row
            MATCH (d:Deployment {name: row.deployment})
            MERGE (t:%1$s {id: row.repo})
              ON CREATE SET t:Repo, t.key = row.key, t.unresolved = true, t.firstSeen = datetime()
            CREATE (d)-[:USES {revision: row.revision, pinned: row.pinned, source: row.source,
                               pulledAt: row.pulledAt, line: row.line}]->(t)
            """;

    /** The revision a use runs: its commit when pinned, the head for main or none, else the ref as named. */
    static final String EFFECTIVE_REVISION = """
            CASE WHEN u.pinned THEN u.revision
                 WHEN u.revision IS NULL OR u.revision = 'main' THEN a.sha
                 ELSE u.revision END""";

    private static final String LIST = """
            MATCH (d:Deployment)-[u:USES]->(a:Repo)
            WHERE $deployment IS NULL OR d.name = $deployment
            WITH d, u, a, %s AS effective
            CALL {
              WITH a
              OPTIONAL MATCH (a)-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(:File)-[:HAS_FINDING]->(x:Finding)
              RETURN min(CASE toLower(x.severity) WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                                                  WHEN 'low' THEN 3 WHEN 'info' THEN 4 END) AS worst,
                     count(x) AS findings
            }
            WITH d, u, a, effective, worst, findings,
                 EXISTS { (a)-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(:File)-[:SCANNED_AS]->(:ScanResult) } AS scanned
            RETURN d.name AS deployment, d.env AS env, d.owner AS owner, a.key AS key, a.id AS repo,
                   u.revision AS revision, coalesce(u.pinned, false) AS pinned, u.source AS source,
                   u.pulledAt AS pulledAt, effective, worst, findings > 0 OR scanned AS scanned
            ORDER BY deployment, key, revision
            """.formatted(EFFECTIVE_REVISION);

    private static final String IN_USE = """
            MATCH (:Deployment)-[u:USES]->(a:Repo)
            RETURN a.key AS key, a.id AS id, collect(DISTINCT u.revision) AS revisions,
                   any(x IN collect(u.revision IS NULL OR u.revision = 'main') WHERE x) AS followsMain
            ORDER BY key
            """;

    private static final String DEPLOYMENT_NAMES = """
            MATCH (d:Deployment) RETURN d.name AS name ORDER BY name
            """;

    private static final String[] SEVERITIES = {"critical", "high", "medium", "low", "info"};

    private final Graph graph;

    public InventoryStore(Graph graph) {
        this.graph = graph;
    }

    /**
     * Imports deployments in one transaction: each named deployment's uses are replaced by the given
     * ones (no stale edge is left); deployments not named are untouched.
     */
    public void importDeployments(List<DeploymentRow> deployments) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<RepoType, List<Map<String, Object>>> uses = new EnumMap<>(RepoType.class);
        for (DeploymentRow d : deployments) {
            Map<String, Object> row = new HashMap<>();
            row.put("name", d.name());
            row.put("env", d.environment());
            row.put("owner", d.owner());
            row.put("manifest", d.manifest());
            rows.add(row);
            for (UseRow u : d.uses()) {
                Map<String, Object> ur = new HashMap<>();
                ur.put("deployment", d.name());
                ur.put("repo", u.repo());
                ur.put("key", GraphWrites.key(u.type(), u.repo()));
                ur.put("revision", u.revision());
                ur.put("pinned", u.pinned());
                ur.put("source", u.source());
                ur.put("pulledAt", Tx.param(u.pulledAt()));
                ur.put("line", u.line());
                uses.computeIfAbsent(u.type(), t -> new ArrayList<>()).add(ur);
            }
        }
        if (rows.isEmpty()) return;
        Tx.write(graph, "importing " + rows.size() + " deployments", tx -> {
            tx.run(UPSERT_DEPLOYMENTS, Map.of("rows", rows)).consume();
            uses.forEach((type, list) -> tx.run(CREATE_USES.formatted(type.label()), Map.of("rows", list)).consume());
            return null;
        });
    }

    /** Every artifact in use, by deployment ({@code deployment} null for all), with approval at {@code now}. */
    public List<Item> list(String deployment, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("deployment", deployment);
        List<Record> records = Tx.read(graph, "listing the inventory", LIST, p, r -> r);
        List<String[]> pairs = new ArrayList<>();
        for (Record r : records) pairs.add(new String[]{r.get("key").asString(), Tx.string(r.get("effective"))});
        Map<String, ApprovalStore.Fact> latest = ApprovalStore.latest(graph, pairs);
        List<Item> out = new ArrayList<>();
        for (Record r : records) {
            String key = r.get("key").asString();
            String effective = Tx.string(r.get("effective"));
            ApprovalStore.Fact f = effective == null ? null : latest.get(key + "@" + effective);
            String worst = r.get("worst").isNull() ? (r.get("scanned").asBoolean() ? "none" : null)
                    : SEVERITIES[r.get("worst").asInt()];
            out.add(new Item(r.get("deployment").asString(), Tx.string(r.get("env")), Tx.string(r.get("owner")),
                    RepoType.parse(key.substring(0, key.indexOf(':'))), r.get("repo").asString(),
                    Tx.string(r.get("revision")), r.get("pinned").asBoolean(), Tx.string(r.get("source")),
                    Tx.instant(r.get("pulledAt")), effective, ApprovalState.of(f, now), worst));
        }
        return out;
    }

    /** Every repo some deployment uses, with the revisions named (for {@code crawl --from-inventory}). */
    public List<ArtifactInUse> artifactsInUse() {
        return Tx.read(graph, "listing artifacts in use", IN_USE, Map.of(), r -> {
            String key = r.get("key").asString();
            List<String> revs = new ArrayList<>(Tx.strings(r.get("revisions")));
            return new ArtifactInUse(RepoType.parse(key.substring(0, key.indexOf(':'))), r.get("id").asString(),
                    revs, r.get("followsMain").asBoolean());
        });
    }

    /** Names of all deployments, sorted. */
    public List<String> deploymentNames() {
        return Tx.read(graph, "listing deployments", DEPLOYMENT_NAMES, Map.of(), r -> r.get("name").asString());
    }
}
