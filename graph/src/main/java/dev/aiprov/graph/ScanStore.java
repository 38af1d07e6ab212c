package dev.aiprov.graph;

import org.neo4j.driver.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scan results in the graph:
 * {@code (:File)-[:SCANNED_AS]->(:ScanResult)}, {@code (:File)-[:HAS_FINDING]->(:Finding)},
 * {@code (:Finding)-[:LEAKS]->(:Secret)}. Findings are keyed by content, scanner version, rule and
 * location, so the same content in many files shares its Finding nodes.
 */
public final class ScanStore {
    private final Graph graph;

    public ScanStore(Graph graph) {
        this.graph = graph;
    }

    /** Contents among {@code contentKeys} already scanned (judged) by {@code scannerVersion}. */
    private static final String SCANNED = """
            UNWIND $keys AS k
            MATCH (s:ScanResult {key: k + '|' + $version})
            WHERE s.status = 'judged'
            RETURN collect(k) AS done
            """;

    private static final String RECORD_RESULT = """
            MERGE (s:ScanResult {key: $r.contentKey + '|' + $r.scannerVersion})
            SET s.contentKey = $r.contentKey, s.scannerVersion = $r.scannerVersion, s.status = $r.status,
                s.why = $r.why, s.format = $r.format, s.size = $r.size, s.bytesRead = $r.bytesRead,
                s.transferred = $r.transferred, s.scannedAt = datetime(), s.findings = size($r.findings)
            WITH s
            UNWIND $r.findings AS f
            MERGE (n:Finding {key: s.key + '|' + f.rule + '|' + f.location + '|' + coalesce(f.secretSha, '')})
              ON CREATE SET n.foundAt = datetime()
            SET n.rule = f.rule, n.severity = f.severity, n.rank = f.rank, n.message = f.message,
                n.location = f.location, n.line = f.line, n.evidence = f.evidence,
                n.scannerVersion = s.scannerVersion, n.contentKey = s.contentKey
            MERGE (s)-[:REPORTED]->(n)
            WITH n, f WHERE f.secretSha IS NOT NULL
            MERGE (x:Secret {sha256: f.secretSha})
              ON CREATE SET x.firstSeen = datetime()
            SET x.type = f.secretType, x.redacted = f.secretRedacted
            MERGE (n)-[:LEAKS]->(x)
            """;

    /** Links files to the scan result of their content, and to its findings. */
    private static final String LINK_FILES = """
            UNWIND $rows AS r
            MATCH (f:File {key: r.fileKey})
            MATCH (s:ScanResult {key: r.contentKey + '|' + $version})
            OPTIONAL MATCH (f)-[old:SCANNED_AS]->(prev:ScanResult) WHERE prev <> s
            DELETE old
            MERGE (f)-[:SCANNED_AS]->(s)
            SET f.scanStatus = s.status, f.scanWhy = s.why
            WITH f, s
            OPTIONAL MATCH (f)-[stale:HAS_FINDING]->(g:Finding) WHERE g.contentKey <> s.contentKey OR g.scannerVersion <> s.scannerVersion
            DELETE stale
            WITH DISTINCT f, s
            MATCH (s)-[:REPORTED]->(n:Finding)
            MERGE (f)-[:HAS_FINDING]->(n)
            """;

    /**
     * A file at a repo's head revision, or at a revision a deployment pins, that has no scan result
     * from this scanner version yet.
     */
    public record PendingFile(RepoType type, String repo, String revision, String fileKey, String path, long size,
                              String sha256, String blobId) {
        /** The content key: the LFS sha256, else {@code blob:<git sha1>}, else the file key. */
        public String contentKey() {
            if (sha256 != null && !sha256.isBlank()) return sha256;
            if (blobId != null && !blobId.isBlank()) return "blob:" + blobId;
            return "file:" + fileKey;
        }
    }

    private static final String PENDING = """
            MATCH (n:Repo)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File)
            WHERE ($repos IS NULL OR n.key IN $repos)
              AND (v.sha = n.sha OR EXISTS { MATCH (:Deployment)-[u:USES]->(n) WHERE u.pinned AND u.revision = v.sha })
              AND NOT EXISTS { (f)-[:SCANNED_AS]->(:ScanResult {scannerVersion: $version, status: 'judged'}) }
            RETURN CASE WHEN n:Model THEN 'MODEL' WHEN n:Dataset THEN 'DATASET' ELSE 'SPACE' END AS type,
                   n.id AS repo, v.sha AS revision, f.key AS fileKey, f.path AS path, coalesce(f.size, -1) AS size,
                   f.sha256 AS sha256, f.blobId AS blobId
            ORDER BY repo, path
            """;

    /** Files at head and pinned revisions not yet judged by {@code scannerVersion}; {@code repoKeys} null means every repo. */
    public List<PendingFile> pendingFiles(List<String> repoKeys, String scannerVersion) {
        Map<String, Object> p = new HashMap<>();
        p.put("repos", repoKeys);
        p.put("version", scannerVersion);
        try (var session = graph.driver().session()) {
            return session.executeRead(tx -> {
                List<PendingFile> out = new ArrayList<>();
                tx.run(PENDING, p).forEachRemaining(r -> out.add(new PendingFile(RepoType.valueOf(r.get("type").asString()),
                        r.get("repo").asString(), r.get("revision").asString(), r.get("fileKey").asString(),
                        r.get("path").asString(), r.get("size").asLong(), r.get("sha256").asString(null),
                        r.get("blobId").asString(null))));
                return out;
            });
        } catch (RuntimeException e) {
            throw new GraphException("reading files to scan failed on " + graph.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A revision a deployment pins whose files the graph does not hold yet (the crawl lists only the head's). */
    public record PinnedRevision(RepoType type, String repo, String sha) {
    }

    private static final String PINNED_WITHOUT_FILES = """
            MATCH (:Deployment)-[u:USES]->(n:Repo)
            WHERE ($repos IS NULL OR n.key IN $repos) AND u.pinned AND u.revision IS NOT NULL
              AND n.status = 'ok' AND n.sha IS NOT NULL AND u.revision <> n.sha
              AND NOT EXISTS { MATCH (n)-[:HAS_REVISION]->(:Revision {sha: u.revision})-[:HAS_FILE]->(:File) }
            RETURN DISTINCT CASE WHEN n:Model THEN 'MODEL' WHEN n:Dataset THEN 'DATASET' ELSE 'SPACE' END AS type,
                   n.id AS repo, u.revision AS sha
            ORDER BY repo, sha
            """;

    /** Pinned revisions of readable repos among {@code repoKeys} (null: every repo) with no files in the graph. */
    public List<PinnedRevision> pinnedRevisionsWithoutFiles(List<String> repoKeys) {
        Map<String, Object> p = new HashMap<>();
        p.put("repos", repoKeys);
        return Tx.read(graph, "reading pinned revisions", PINNED_WITHOUT_FILES, p, r -> new PinnedRevision(
                RepoType.valueOf(r.get("type").asString()), r.get("repo").asString(), r.get("sha").asString()));
    }

    public Set<String> alreadyScanned(List<String> contentKeys, String scannerVersion) {
        if (contentKeys.isEmpty()) return Set.of();
        try (var session = graph.driver().session()) {
            List<Object> done = session.executeRead(tx -> tx.run(SCANNED,
                    Map.of("keys", contentKeys, "version", scannerVersion)).single().get("done").asList());
            Set<String> out = new java.util.HashSet<>();
            done.forEach(o -> out.add((String) o));
            return out;
        } catch (RuntimeException e) {
            throw new GraphException("reading scan results failed on " + graph.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Records the result for one content (idempotent). */
    public void record(ScanRows.Result r) {
        Map<String, Object> row = new HashMap<>();
        row.put("contentKey", r.contentKey());
        row.put("scannerVersion", r.scannerVersion());
        row.put("status", r.status());
        row.put("why", r.why());
        row.put("format", r.format());
        row.put("size", r.size());
        row.put("bytesRead", r.bytesRead());
        row.put("transferred", r.transferred());
        List<Map<String, Object>> fs = new ArrayList<>();
        for (ScanRows.FoundIssue f : r.findings()) {
            Map<String, Object> m = new HashMap<>();
            m.put("rule", f.rule());
            m.put("severity", f.severity());
            m.put("rank", rank(f.severity()));
            m.put("message", f.message());
            m.put("location", f.location() == null ? "" : f.location());
            m.put("line", f.line());
            m.put("evidence", f.evidence());
            m.put("secretSha", f.secret() == null ? null : f.secret().sha256());
            m.put("secretType", f.secret() == null ? null : f.secret().type());
            m.put("secretRedacted", f.secret() == null ? null : f.secret().redacted());
            fs.add(m);
        }
        row.put("findings", fs);
        write(RECORD_RESULT, Map.of("r", Values.value(row)));
    }

    /** Points each file ({@code fileKey -> contentKey}) at its content's scan result and findings. */
    public void linkFiles(Map<String, String> fileToContent, String scannerVersion) {
        if (fileToContent.isEmpty()) return;
        List<Map<String, Object>> rows = new ArrayList<>();
        fileToContent.forEach((file, content) -> rows.add(Map.of("fileKey", file, "contentKey", content)));
        write(LINK_FILES, Map.of("rows", rows, "version", scannerVersion));
    }

    /** 0 for critical … 4 for info: lets queries order and threshold severities. */
    public static int rank(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase()) {
            case "critical" -> 0;
            case "high" -> 1;
            case "medium" -> 2;
            case "low" -> 3;
            default -> 4;
        };
    }

    private void write(String cypher, Map<String, Object> params) {
        try (var session = graph.driver().session()) {
            session.executeWriteWithoutResult(tx -> tx.run(cypher, params).consume());
        } catch (RuntimeException e) {
            throw new GraphException("graph write failed on " + graph.describe() + ": " + e.getMessage(), e);
        }
    }
}
