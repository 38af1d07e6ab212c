package dev.aiprov.graph;

import java.util.List;
import java.util.Map;

/**
 * Test-only writes in the shape the crawl-scan issue will produce: crawled repos with a revision and
 * files, {@code (:File)-[:HAS_FINDING]->(:Finding {rule, severity})},
 * {@code (:File)-[:SCANNED_AS]->(:ScanResult {key, scannerVersion, scannedAt})} and
 * {@code (:Finding)-[:LEAKS]->(:Secret {sha256})}. Shared by graph, crawler and cli tests.
 */
public final class ScanFixtures {
    private final Graph graph;
    private final CrawlStore crawl;

    public ScanFixtures(Graph graph) {
        this.graph = graph;
        this.crawl = new CrawlStore(graph);
    }

    /** A crawled repo with head {@code sha}, licence, tags and status, and that revision listed. */
    public ScanFixtures repo(RepoType type, String id, String sha, String license, List<String> tags, String status,
                             Boolean disabled) {
        crawl.upsertRepos(List.of(CrawlRows.Repo.builder(type, id).author(id.substring(0, id.indexOf('/'))).sha(sha)
                .isPrivate(false).gated("false").disabled(disabled).downloads(1L).likes(1L).license(license).tags(tags)
                .status(status).build()));
        if (sha != null) crawl.upsertRevisions(List.of(new CrawlRows.Revision(type, id, sha, "2026-01-01T00:00:00Z", "head")));
        return this;
    }

    public ScanFixtures model(String id, String sha) {
        return repo(RepoType.MODEL, id, sha, "apache-2.0", List.of(), "ok", false);
    }

    public ScanFixtures derived(String child, String parent) {
        crawl.upsertLineage(List.of(new CrawlRows.Lineage(child, parent, "finetune", "cardData")));
        return this;
    }

    public ScanFixtures file(RepoType type, String repo, String sha, String path) {
        crawl.upsertFiles(List.of(new CrawlRows.File(type, repo, sha, path, 10, null, "b".repeat(40), null)));
        return this;
    }

    /** A file at {@code repo@sha} scanned by {@code version}. */
    public ScanFixtures scanned(RepoType type, String repo, String sha, String path, String version) {
        file(type, repo, sha, path);
        run("""
                MATCH (f:File {key: $file})
                MERGE (s:ScanResult {key: $key})
                SET s.scannerVersion = $version, s.scannedAt = datetime()
                MERGE (f)-[:SCANNED_AS]->(s)
                """, Map.of("file", fileKey(type, repo, sha, path), "key", "sha-" + path + "+" + version, "version", version));
        return this;
    }

    /** A finding on a (scanned) file. */
    public ScanFixtures finding(RepoType type, String repo, String sha, String path, String rule, String severity) {
        scanned(type, repo, sha, path, "0.1.0");
        run("""
                MATCH (f:File {key: $file})
                MERGE (x:Finding {key: $key})
                SET x.rule = $rule, x.severity = $severity, x.message = 'test finding'
                MERGE (f)-[:HAS_FINDING]->(x)
                """, Map.of("file", fileKey(type, repo, sha, path), "key", fileKey(type, repo, sha, path) + "#" + rule,
                "rule", rule, "severity", severity));
        return this;
    }

    /** A leaked secret found in a file. */
    public ScanFixtures secret(RepoType type, String repo, String sha, String path, String secretSha256) {
        finding(type, repo, sha, path, "SECRET_HF_TOKEN", "critical");
        run("""
                MATCH (x:Finding {key: $key})
                MERGE (s:Secret {sha256: $secret})
                MERGE (x)-[:LEAKS]->(s)
                """, Map.of("key", fileKey(type, repo, sha, path) + "#SECRET_HF_TOKEN", "secret", secretSha256));
        return this;
    }

    private static String fileKey(RepoType type, String repo, String sha, String path) {
        return GraphWrites.fileKey(type, repo, sha, path);
    }

    private void run(String cypher, Map<String, Object> params) {
        try (var s = graph.driver().session()) {
            s.executeWriteWithoutResult(tx -> tx.run(cypher, params).consume());
        }
    }
}
