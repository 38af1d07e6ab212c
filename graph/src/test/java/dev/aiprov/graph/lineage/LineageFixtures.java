package dev.aiprov.graph.lineage;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only graph content for lineage and exposure: crawl data through {@link CrawlStore}, and the
 * shapes other issues own (deployments, findings, secrets, approvals) written with test Cypher in
 * the agreed shape. Shared with the cli tests through the graph test-jar.
 */
public final class LineageFixtures {
    public static final String R1 = "1111111111111111111111111111111111111111";
    public static final String R2 = "2222222222222222222222222222222222222222";
    public static final String Q0 = "0000000000000000000000000000000000000a0a";
    public static final String Q1 = "0000000000000000000000000000000000000a1a";
    public static final String WEIGHTS_SHA256 = "5e1f".repeat(16);
    public static final String SECRET_SHA256 = "ab12".repeat(16);

    private final Graph graph;
    private final CrawlStore store;

    public LineageFixtures(Graph graph) {
        this.graph = graph;
        this.store = new CrawlStore(graph);
    }

    public static void clear(Graph g) {
        dev.aiprov.graph.TestGraphs.clear(g);
    }

    public LineageFixtures model(String id, String head) {
        String author = id.substring(0, id.indexOf('/'));
        store.upsertRepos(List.of(CrawlRows.Repo.builder(RepoType.MODEL, id).author(author).sha(head)
                .lastModified("2024-03-01T00:00:00.000Z").createdAt("2023-12-01T00:00:00.000Z").isPrivate(false)
                .gated("false").disabled(false).downloads(100L).likes(1L).license("apache-2.0")
                .pipelineTag("text-generation").libraryName("transformers").tags(List.of("transformers")).build()));
        return this;
    }

    public LineageFixtures repo(RepoType type, String id, String head) {
        String author = id.substring(0, id.indexOf('/'));
        store.upsertRepos(List.of(CrawlRows.Repo.builder(type, id).author(author).sha(head).isPrivate(false).gated("false")
                .disabled(false).license("mit").sdk(type == RepoType.SPACE ? "gradio" : null).build()));
        return this;
    }

    public LineageFixtures derived(String child, String parent, String relation) {
        store.upsertLineage(List.of(new CrawlRows.Lineage(child, parent, relation, "cardData")));
        return this;
    }

    public LineageFixtures trainedOn(String model, String dataset) {
        store.upsertTrainedOn(List.of(new CrawlRows.TrainedOn(model, dataset, "cardData")));
        return this;
    }

    public LineageFixtures spaceUses(String space, RepoType type, String target) {
        store.upsertUses(List.of(new CrawlRows.Uses(space, type, target)));
        return this;
    }

    public LineageFixtures revision(RepoType type, String repo, String sha, String date) {
        store.upsertRevisions(List.of(new CrawlRows.Revision(type, repo, sha, date, "commit " + sha.substring(0, 7))));
        return this;
    }

    public LineageFixtures file(RepoType type, String repo, String sha, String path, String sha256) {
        store.upsertFiles(List.of(new CrawlRows.File(type, repo, sha, path, 1234L, sha256, "b".repeat(40), null)));
        return this;
    }

    /** {@code (:Deployment {name, env, owner})-[:USES {revision, pinned, source, pulledAt}]->(repo)}. */
    public LineageFixtures deployment(String name, String env, String owner, String targetKey, String revision, boolean pinned) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("name", name);
        row.put("env", env);
        row.put("owner", owner);
        row.put("target", targetKey);
        row.put("revision", revision);
        row.put("pinned", pinned);
        write("""
                UNWIND $rows AS r
                MERGE (d:Deployment {name: r.name}) SET d.env = r.env, d.owner = r.owner
                WITH d, r MATCH (t:Repo {key: r.target})
                MERGE (d)-[u:USES]->(t)
                SET u.revision = r.revision, u.pinned = r.pinned, u.source = 'inventory.yaml', u.pulledAt = datetime('2024-03-02T00:00:00Z')
                """, List.of(row));
        return this;
    }

    /** A finding on an existing file; with {@code secretSha256}, the finding LEAKS that secret. */
    public LineageFixtures finding(RepoType type, String repo, String sha, String path, String rule, String severity,
                                  String secretSha256) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("file", type.key() + ":" + repo + "@" + sha + ":" + path);
        row.put("key", type.key() + ":" + repo + "@" + sha + ":" + path + "#" + rule);
        row.put("rule", rule);
        row.put("severity", severity);
        row.put("secret", secretSha256);
        write("""
                UNWIND $rows AS r
                MATCH (f:File {key: r.file})
                MERGE (x:Finding {key: r.key}) SET x.rule = r.rule, x.severity = r.severity, x.message = r.rule + ' in ' + f.path
                MERGE (f)-[:HAS_FINDING]->(x)
                WITH x, r WHERE r.secret IS NOT NULL
                MERGE (s:Secret {sha256: r.secret}) SET s.type = 'hf_token', s.redacted = 'hf_****'
                MERGE (x)-[:LEAKS]->(s)
                """, List.of(row));
        return this;
    }

    /** {@code (:Approval {id, artifact, revision, by, at, reason, expires, action})-[:APPROVES]->(repo)}. */
    public LineageFixtures approval(String id, String repoKey, String revision) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("id", id);
        row.put("artifact", repoKey);
        row.put("revision", revision);
        write("""
                UNWIND $rows AS r
                MATCH (t:Repo {key: r.artifact})
                MERGE (a:Approval {id: r.id})
                SET a.artifact = r.artifact, a.revision = r.revision, a.by = 'alice@example.com', a.at = datetime('2024-01-05T00:00:00Z'),
                    a.reason = 'reviewed', a.expires = datetime('2025-01-05T00:00:00Z'), a.action = 'approve'
                MERGE (a)-[:APPROVES]->(t)
                """, List.of(row));
        return this;
    }

    private void write(String cypher, List<Map<String, Object>> rows) {
        try (var s = graph.driver().session()) {
            s.executeWriteWithoutResult(tx -> tx.run(cypher, Map.of("rows", new ArrayList<>(rows))).consume());
        }
    }

    /**
     * The shared scenario:
     * <pre>
     * base/root (r1 2024-01-01, r2 2024-03-01 head; trained on ds/web)
     *   ├─ finetune ─ a/left (trained on ds/chat; also derived from the uncrawled ghost/unknown)
     *   └─ adapter ── a/right
     *        a/merged: merge of a/left and a/right
     *          a/quant: quantized from a/merged (q0 2024-02-01, q1 2024-02-20 head), used by Space sp/demo
     * cycle: c/x ⇄ c/y, c/z → c/x
     * deployments: prod-chat → a/quant pinned q1; staging-bot → base/root unpinned;
     *              pinned-old → base/root pinned r1; pinned-new → base/root pinned r2
     * </pre>
     */
    public static LineageFixtures scenario(Graph g) {
        LineageFixtures f = new LineageFixtures(g);
        f.model("base/root", R2).model("a/left", "c".repeat(40)).model("a/right", "d".repeat(40))
                .model("a/merged", "e".repeat(40)).model("a/quant", Q1)
                .model("c/x", "f".repeat(40)).model("c/y", "9".repeat(40)).model("c/z", "8".repeat(40))
                .repo(RepoType.DATASET, "ds/web", "7".repeat(40)).repo(RepoType.DATASET, "ds/chat", "6".repeat(40))
                .repo(RepoType.SPACE, "sp/demo", "5".repeat(40));
        f.derived("a/left", "base/root", "finetune").derived("a/right", "base/root", "adapter")
                .derived("a/merged", "a/left", "merge").derived("a/merged", "a/right", "merge")
                .derived("a/quant", "a/merged", "quantized").derived("a/left", "ghost/unknown", "finetune")
                .derived("c/x", "c/y", "finetune").derived("c/y", "c/x", "finetune").derived("c/z", "c/x", "adapter");
        f.trainedOn("base/root", "ds/web").trainedOn("a/left", "ds/chat");
        f.spaceUses("sp/demo", RepoType.MODEL, "a/quant");
        f.revision(RepoType.MODEL, "base/root", R1, "2024-01-01T00:00:00.000Z")
                .revision(RepoType.MODEL, "base/root", R2, "2024-03-01T00:00:00.000Z")
                .revision(RepoType.MODEL, "a/quant", Q0, "2024-02-01T00:00:00.000Z")
                .revision(RepoType.MODEL, "a/quant", Q1, "2024-02-20T00:00:00.000Z");
        f.deployment("prod-chat", "prod", "team-chat", "model:a/quant", Q1, true)
                .deployment("staging-bot", "staging", "team-bot", "model:base/root", "main", false)
                .deployment("pinned-old", "prod", "team-search", "model:base/root", R1, true)
                .deployment("pinned-new", "prod", "team-search", "model:base/root", R2, true);
        return f;
    }
}
