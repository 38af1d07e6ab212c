package dev.aiprov.graph;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The crawl's Cypher: each write is one {@code UNWIND $rows … MERGE} transaction. Labels are fixed
 * per repo type (from {@link RepoType}, never from input); every value is a parameter.
 */
final class GraphWrites {
    private GraphWrites() {
    }

    /** Upserts repos; only non-null properties are written, so an unavailable repo keeps what was known. */
    private static final String UPSERT_REPOS = """
            UNWIND $rows AS r
            MERGE (n:%1$s {id: r.id})
              ON CREATE SET n.firstSeen = datetime()
            SET n:Repo, n.key = r.key, n += r.props, n.unresolved = false, n.lastCrawled = datetime()
            WITH n, r WHERE r.author IS NOT NULL
            MERGE (a:Author {name: r.author})
            MERGE (a)-[:PUBLISHED]->(n)
            """;

    /** A parent the crawl has not reached yet is created unresolved; a self-reference is skipped. */
    private static final String UPSERT_LINEAGE = """
            UNWIND $rows AS r
            WITH r WHERE r.child <> r.parent
            MERGE (c:Model {id: r.child})
              ON CREATE SET c:Repo, c.key = 'model:' + r.child, c.unresolved = true, c.firstSeen = datetime()
            MERGE (p:Model {id: r.parent})
              ON CREATE SET p:Repo, p.key = 'model:' + r.parent, p.unresolved = true, p.firstSeen = datetime()
            MERGE (c)-[e:DERIVED_FROM]->(p)
            SET e.relation = CASE WHEN e.relation IS NULL OR e.relation = 'unknown' THEN r.relation ELSE e.relation END,
                e.source = coalesce(e.source, r.source),
                e.sources = [s IN coalesce(e.sources, []) WHERE s <> r.source] + r.source
            """;

    private static final String UPSERT_TRAINED_ON = """
            UNWIND $rows AS r
            MERGE (m:Model {id: r.model})
              ON CREATE SET m:Repo, m.key = 'model:' + r.model, m.unresolved = true, m.firstSeen = datetime()
            MERGE (d:Dataset {id: r.dataset})
              ON CREATE SET d:Repo, d.key = 'dataset:' + r.dataset, d.unresolved = true, d.firstSeen = datetime()
            MERGE (m)-[e:TRAINED_ON]->(d)
            SET e.source = coalesce(e.source, r.source)
            """;

    private static final String UPSERT_USES = """
            UNWIND $rows AS r
            MERGE (s:Space {id: r.space})
              ON CREATE SET s:Repo, s.key = 'space:' + r.space, s.unresolved = true, s.firstSeen = datetime()
            MERGE (t:%1$s {id: r.target})
              ON CREATE SET t:Repo, t.key = r.targetKey, t.unresolved = true, t.firstSeen = datetime()
            MERGE (s)-[:USES]->(t)
            """;

    private static final String UPSERT_REVISIONS = """
            UNWIND $rows AS r
            MERGE (n:%1$s {id: r.repo})
              ON CREATE SET n:Repo, n.key = r.repoKey, n.unresolved = true, n.firstSeen = datetime()
            MERGE (v:Revision {key: r.key})
            SET v.sha = r.sha, v.repo = r.repoKey, v.date = coalesce(r.date, v.date), v.title = coalesce(r.title, v.title)
            MERGE (n)-[:HAS_REVISION]->(v)
            """;

    private static final String UPSERT_FILES = """
            UNWIND $rows AS r
            MERGE (v:Revision {key: r.revKey})
              ON CREATE SET v.sha = r.revision, v.repo = r.repoKey
            MERGE (f:File {key: r.key})
            SET f.path = r.path, f.size = r.size, f.sha256 = r.sha256, f.blobId = r.blobId,
                f.repo = r.repoKey, f.revision = r.revision, f.hubSecurityStatus = r.hubSecurityStatus
            MERGE (v)-[:HAS_FILE]->(f)
            WITH v, r
            MATCH (n:Repo {key: r.repoKey})
            MERGE (n)-[:HAS_REVISION]->(v)
            """;

    /** One statement and its rows, so several can share a transaction. */
    record Statement(String cypher, List<Map<String, Object>> rows) {
    }

    private static final String UPSERT_RENAMES = """
            UNWIND $rows AS r
            WITH r WHERE r.from <> r.to
            MERGE (o:%1$s {id: r.from})
              ON CREATE SET o:Repo, o.key = r.fromKey, o.firstSeen = datetime()
            SET o.status = 'renamed', o.statusDetail = r.to, o.unresolved = false
            MERGE (n:%1$s {id: r.to})
              ON CREATE SET n:Repo, n.key = r.toKey, n.unresolved = true, n.firstSeen = datetime()
            MERGE (o)-[:RENAMED_TO]->(n)
            """;

    static List<Statement> renames(List<CrawlRows.Rename> rows) {
        Map<RepoType, List<Map<String, Object>>> byType = new EnumMap<>(RepoType.class);
        for (CrawlRows.Rename r : rows) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(Map.of("from", r.from(), "to", r.to(),
                    "fromKey", key(r.type(), r.from()), "toKey", key(r.type(), r.to())));
        }
        List<Statement> out = new ArrayList<>();
        byType.forEach((type, list) -> out.add(new Statement(UPSERT_RENAMES.formatted(type.label()), list)));
        return out;
    }

    static void repos(Graph g, List<CrawlRows.Repo> rows) {
        write(g, repoStatements(rows));
    }

    static List<Statement> repoStatements(List<CrawlRows.Repo> rows) {
        Map<RepoType, List<Map<String, Object>>> byType = new EnumMap<>(RepoType.class);
        for (CrawlRows.Repo r : rows) {
            Map<String, Object> props = new HashMap<>();
            put(props, "hubId", r.hubId());
            put(props, "author", r.author());
            put(props, "sha", r.sha());
            put(props, "lastModified", dateTime(r.lastModified()));
            put(props, "createdAt", dateTime(r.createdAt()));
            put(props, "private", r.isPrivate());
            put(props, "gated", r.gated());
            put(props, "disabled", r.disabled());
            put(props, "downloads", r.downloads());
            put(props, "likes", r.likes());
            put(props, "license", r.license());
            put(props, "pipelineTag", r.pipelineTag());
            put(props, "libraryName", r.libraryName());
            if (!r.tags().isEmpty()) props.put("tags", r.tags());
            put(props, "sdk", r.sdk());
            props.put("status", r.status() == null ? "ok" : r.status());
            props.put("statusDetail", r.statusDetail());   // null clears a stale detail
            Map<String, Object> row = new HashMap<>();
            row.put("id", r.id());
            row.put("key", key(r.type(), r.id()));
            row.put("author", r.author());
            row.put("props", props);
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(row);
        }
        List<Statement> out = new ArrayList<>();
        byType.forEach((type, list) -> out.add(new Statement(UPSERT_REPOS.formatted(type.label()), list)));
        return out;
    }

    static void lineage(Graph g, List<CrawlRows.Lineage> rows) {
        write(g, lineageStatements(rows));
    }

    static List<Statement> lineageStatements(List<CrawlRows.Lineage> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CrawlRows.Lineage r : rows) {
            list.add(Map.of("child", r.child(), "parent", r.parent(),
                    "relation", r.relation() == null ? "unknown" : r.relation(),
                    "source", r.source() == null ? "unknown" : r.source()));
        }
        return List.of(new Statement(UPSERT_LINEAGE, list));
    }

    static void trainedOn(Graph g, List<CrawlRows.TrainedOn> rows) {
        write(g, trainedOnStatements(rows));
    }

    static List<Statement> trainedOnStatements(List<CrawlRows.TrainedOn> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CrawlRows.TrainedOn r : rows) {
            list.add(Map.of("model", r.model(), "dataset", r.dataset(), "source", r.source() == null ? "unknown" : r.source()));
        }
        return List.of(new Statement(UPSERT_TRAINED_ON, list));
    }

    static void uses(Graph g, List<CrawlRows.Uses> rows) {
        write(g, usesStatements(rows));
    }

    static List<Statement> usesStatements(List<CrawlRows.Uses> rows) {
        Map<RepoType, List<Map<String, Object>>> byType = new EnumMap<>(RepoType.class);
        for (CrawlRows.Uses r : rows) {
            byType.computeIfAbsent(r.targetType(), t -> new ArrayList<>()).add(Map.of(
                    "space", r.space(), "target", r.target(), "targetKey", key(r.targetType(), r.target())));
        }
        List<Statement> out = new ArrayList<>();
        byType.forEach((type, list) -> out.add(new Statement(UPSERT_USES.formatted(type.label()), list)));
        return out;
    }

    static void revisions(Graph g, List<CrawlRows.Revision> rows) {
        write(g, revisionStatements(rows));
    }

    static List<Statement> revisionStatements(List<CrawlRows.Revision> rows) {
        Map<RepoType, List<Map<String, Object>>> byType = new EnumMap<>(RepoType.class);
        for (CrawlRows.Revision r : rows) {
            Map<String, Object> row = new HashMap<>();
            row.put("repo", r.repo());
            row.put("repoKey", key(r.type(), r.repo()));
            row.put("key", revisionKey(r.type(), r.repo(), r.sha()));
            row.put("sha", r.sha());
            row.put("date", dateTime(r.date()));
            row.put("title", r.title());
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(row);
        }
        List<Statement> out = new ArrayList<>();
        byType.forEach((type, list) -> out.add(new Statement(UPSERT_REVISIONS.formatted(type.label()), list)));
        return out;
    }

    static void files(Graph g, List<CrawlRows.File> rows) {
        write(g, fileStatements(rows));
    }

    static List<Statement> fileStatements(List<CrawlRows.File> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CrawlRows.File r : rows) {
            Map<String, Object> row = new HashMap<>();
            row.put("repoKey", key(r.type(), r.repo()));
            row.put("revKey", revisionKey(r.type(), r.repo(), r.revision()));
            row.put("revision", r.revision());
            row.put("key", fileKey(r.type(), r.repo(), r.revision(), r.path()));
            row.put("path", r.path());
            row.put("size", r.size());
            row.put("sha256", r.sha256());
            row.put("blobId", r.blobId());
            row.put("hubSecurityStatus", r.hubSecurityStatus());
            list.add(row);
        }
        return List.of(new Statement(UPSERT_FILES, list));
    }

    /** {@code model:org/name}: the key of a repo node, unique across types. */
    static String key(RepoType type, String id) {
        return type.key() + ":" + id;
    }

    static String revisionKey(RepoType type, String id, String sha) {
        return key(type, id) + "@" + sha;
    }

    static String fileKey(RepoType type, String id, String sha, String path) {
        return revisionKey(type, id, sha) + ":" + path;
    }

    /** Runs the statements in order in ONE write transaction; empty ones are skipped. */
    static void write(Graph g, List<Statement> statements) {
        List<Statement> work = statements.stream().filter(st -> !st.rows().isEmpty()).toList();
        if (work.isEmpty()) return;
        int rows = work.stream().mapToInt(st -> st.rows().size()).sum();
        try (var session = g.driver().session()) {
            session.executeWriteWithoutResult(tx -> {
                for (Statement st : work) tx.run(st.cypher(), Map.of("rows", st.rows())).consume();
            });
        } catch (RuntimeException e) {
            throw new GraphException("graph write of " + rows + " rows failed on " + g.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    static OffsetDateTime dateTime(String iso) {
        if (iso == null || iso.isBlank()) return null;
        try {
            return OffsetDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
