package dev.aiprov.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@code aiprov findings} lists: findings on files of crawled repos, and files that could not be judged. */
public final class FindingQueries {
    private final Graph graph;

    public FindingQueries(Graph graph) {
        this.graph = graph;
    }

    /** One finding on one file of one repo revision. */
    public record Row(String repo, String revision, String path, String sha256, String rule, String severity,
                      String message, String location, Integer line, String evidence, String secretType,
                      String secretRedacted, String secretSha256, String scannerVersion) {
    }

    /** A file that was not judged (gated, too large, parse error...): never shown as clean. */
    public record Unjudged(String repo, String revision, String path, String status, String why) {
    }

    private static final String FINDINGS = """
            MATCH (n:Repo)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(x:Finding)
            WHERE x.rank <= $maxRank AND ($repo IS NULL OR n.key = $repo OR n.id = $repo)
            OPTIONAL MATCH (x)-[:LEAKS]->(s:Secret)
            RETURN n.key AS repo, v.sha AS revision, f.path AS path, f.sha256 AS sha256, x.rule AS rule,
                   x.severity AS severity, x.message AS message, x.location AS location, x.line AS line,
                   x.evidence AS evidence, s.type AS secretType, s.redacted AS secretRedacted,
                   s.sha256 AS secretSha256, x.scannerVersion AS scannerVersion
            ORDER BY x.rank, repo, path, x.line
            LIMIT $limit
            """;

    private static final String UNJUDGED = """
            MATCH (n:Repo)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)
            WHERE f.scanStatus IN ['error', 'skipped'] AND ($repo IS NULL OR n.key = $repo OR n.id = $repo)
            RETURN n.key AS repo, v.sha AS revision, f.path AS path, f.scanStatus AS status, f.scanWhy AS why
            ORDER BY repo, path
            LIMIT $limit
            """;

    public List<Row> findings(String minSeverity, String repo, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("maxRank", ScanStore.rank(minSeverity == null ? "info" : minSeverity));
        p.put("repo", repo);
        p.put("limit", limit);
        try (var session = graph.driver().session()) {
            return session.executeRead(tx -> {
                List<Row> out = new ArrayList<>();
                tx.run(FINDINGS, p).forEachRemaining(r -> out.add(new Row(
                        r.get("repo").asString(null), r.get("revision").asString(null), r.get("path").asString(null),
                        r.get("sha256").asString(null), r.get("rule").asString(null), r.get("severity").asString(null),
                        r.get("message").asString(null), r.get("location").asString(null),
                        r.get("line").isNull() ? null : r.get("line").asInt(), r.get("evidence").asString(null),
                        r.get("secretType").asString(null), r.get("secretRedacted").asString(null),
                        r.get("secretSha256").asString(null), r.get("scannerVersion").asString(null))));
                return out;
            });
        }
    }

    public List<Unjudged> unjudged(String repo, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("repo", repo);
        p.put("limit", limit);
        try (var session = graph.driver().session()) {
            return session.executeRead(tx -> {
                List<Unjudged> out = new ArrayList<>();
                tx.run(UNJUDGED, p).forEachRemaining(r -> out.add(new Unjudged(r.get("repo").asString(null),
                        r.get("revision").asString(null), r.get("path").asString(null), r.get("status").asString(null),
                        r.get("why").asString(null))));
                return out;
            });
        }
    }
}
