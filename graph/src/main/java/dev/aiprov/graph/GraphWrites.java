package dev.aiprov.graph;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The crawl's Cypher: each write is one {@code UNWIND $rows … MERGE} transaction. Labels are fixed
 * per repo type (from {@link RepoType}, never from input); every value is a parameter, the write's
 * time ({@code $now}) too.
 */
final class GraphWrites {
    private GraphWrites() {
    }

    /*
     * Write-path shape (see `bench graph`): every statement is a single pass with no Eager operator.
     * Properties are assigned one by one (a `+= map` makes the planner buffer the whole batch, since
     * the map could set the key the MERGE reads); nodes an edge needs are ensured first by a MERGE of
     * distinct ids, then the edge statement only MATCHes them; authors are merged in their own pass.
     */

    /**
     * Upserts repos. A property whose value is null is not written, so an unavailable repo keeps
     * what was known: rows are grouped by which properties they carry, and each group gets a SET of
     * exactly those (names from {@link #REPO_PROPERTIES}, never from input; values are parameters).
     */
    private static final String UPSERT_REPOS = """
            UNWIND $rows AS r
            MERGE (n:%1$s {id: r.id})
              ON CREATE SET n.firstSeen = $now
            SET n:Repo, n.key = r.key, n.unresolved = false, n.lastCrawled = $now, n.status = r.status,
                n.statusDetail = r.statusDetail%2$s
            """;

    /** Repo properties written only when known, in a fixed order. */
    private static final List<String> REPO_PROPERTIES = List.of("hubId", "author", "sha", "lastModified", "createdAt",
            "private", "gated", "disabled", "downloads", "likes", "license", "pipelineTag", "libraryName", "tags", "sdk");

    private static final String UPSERT_PUBLISHED = """
            UNWIND $rows AS r
            MATCH (n:%1$s {id: r.id})
            MERGE (a:Author {name: r.author})
            MERGE (a)-[:PUBLISHED]->(n)
            """;

    /** Creates, unresolved, the repos an edge refers to that the graph does not have yet. */
    private static final String ENSURE_REPOS = """
            UNWIND $rows AS id
            MERGE (n:%1$s {id: id})
              ON CREATE SET n:Repo, n.key = $prefix + id, n.unresolved = true, n.firstSeen = $now
            """;

    /**
     * A self-reference is skipped; both ends exist (see ENSURE_REPOS). Returns how many rows found
     * both ends, which {@link #write} checks against the rows sent ({@link Statement#counted}).
     */
    private static final String UPSERT_LINEAGE = """
            UNWIND $rows AS r
            MATCH (c:Model {id: r.child}), (p:Model {id: r.parent})
            MERGE (c)-[e:DERIVED_FROM]->(p)
            SET e.relation = CASE WHEN e.relation IS NULL OR e.relation = 'unknown' THEN r.relation ELSE e.relation END,
                e.source = coalesce(e.source, r.source),
                e.sources = [s IN coalesce(e.sources, []) WHERE s <> r.source] + r.source
            RETURN count(*) AS n
            """;

    private static final String UPSERT_TRAINED_ON = """
            UNWIND $rows AS r
            MATCH (m:Model {id: r.model})
            MERGE (d:Dataset {id: r.dataset})
              ON CREATE SET d:Repo, d.key = 'dataset:' + r.dataset, d.unresolved = true, d.firstSeen = $now
            MERGE (m)-[e:TRAINED_ON]->(d)
            SET e.source = coalesce(e.source, r.source)
            RETURN count(*) AS n
            """;

    private static final String UPSERT_USES = """
            UNWIND $rows AS r
            MERGE (s:Space {id: r.space})
              ON CREATE SET s:Repo, s.key = 'space:' + r.space, s.unresolved = true, s.firstSeen = $now
            MERGE (t:%1$s {id: r.target})
              ON CREATE SET t:Repo, t.key = r.targetKey, t.unresolved = true, t.firstSeen = $now
            MERGE (s)-[:USES]->(t)
            """;

    private static final String UPSERT_REVISIONS = """
            UNWIND $rows AS r
            MERGE (n:%1$s {id: r.repo})
              ON CREATE SET n:Repo, n.key = r.repoKey, n.unresolved = true, n.firstSeen = $now
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

    /**
     * One statement and its rows, so several can share a transaction. A {@code counted} statement
     * returns {@code n}, the rows that found what they MATCH; fewer than were sent means an end the
     * caller vouched for is missing ({@link MissingEnds}).
     */
    record Statement(String cypher, List<?> rows, Map<String, Object> params, boolean counted) {
        Statement(String cypher, List<?> rows) {
            this(cypher, rows, Map.of(), false);
        }

        Statement(String cypher, List<?> rows, Map<String, Object> params) {
            this(cypher, rows, params, false);
        }

        static Statement counted(String cypher, List<?> rows) {
            return new Statement(cypher, rows, Map.of(), true);
        }

        /** The rows, the statement's own parameters, and {@code now}: the one time a write stamps (firstSeen, lastCrawled). */
        Map<String, Object> parameters(OffsetDateTime now) {
            if (params.isEmpty()) return Map.of("rows", rows, "now", now);
            Map<String, Object> all = new HashMap<>(params);
            all.put("rows", rows);
            all.put("now", now);
            return all;
        }
    }

    private static final String UPSERT_RENAMES = """
            UNWIND $rows AS r
            WITH r WHERE r.from <> r.to
            MERGE (o:%1$s {id: r.from})
              ON CREATE SET o:Repo, o.key = r.fromKey, o.firstSeen = $now
            SET o.status = 'renamed', o.statusDetail = r.to, o.unresolved = false
            MERGE (n:%1$s {id: r.to})
              ON CREATE SET n:Repo, n.key = r.toKey, n.unresolved = true, n.firstSeen = $now
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
        // (type, the properties a row carries) -> rows; a crawl batch has a handful of such shapes
        Map<RepoType, Map<List<String>, List<Map<String, Object>>>> byShape = new EnumMap<>(RepoType.class);
        Map<RepoType, List<Map<String, Object>>> published = new EnumMap<>(RepoType.class);
        for (CrawlRows.Repo r : rows) {
            Object[] values = {r.hubId(), r.author(), r.sha(), dateTime(r.lastModified()), dateTime(r.createdAt()),
                    r.isPrivate(), r.gated(), r.disabled(), r.downloads(), r.likes(), r.license(), r.pipelineTag(),
                    r.libraryName(), r.tags().isEmpty() ? null : r.tags(), r.sdk()};
            Map<String, Object> row = new HashMap<>();
            row.put("id", r.id());
            row.put("key", key(r.type(), r.id()));
            row.put("status", r.status() == null ? "ok" : r.status());
            row.put("statusDetail", r.statusDetail());   // null clears a stale detail
            List<String> shape = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    shape.add(REPO_PROPERTIES.get(i));
                    row.put(REPO_PROPERTIES.get(i), values[i]);
                }
            }
            byShape.computeIfAbsent(r.type(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(List.copyOf(shape), k -> new ArrayList<>()).add(row);
            if (r.author() != null) {
                published.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(Map.of("id", r.id(), "author", r.author()));
            }
        }
        List<Statement> out = new ArrayList<>();
        byShape.forEach((type, shapes) -> shapes.forEach((shape, list) -> {
            StringBuilder set = new StringBuilder();
            for (String p : shape) set.append(", n.").append(p).append(" = r.").append(p);
            out.add(new Statement(UPSERT_REPOS.formatted(type.label(), set), list));
        }));
        published.forEach((type, list) -> out.add(new Statement(UPSERT_PUBLISHED.formatted(type.label()), list)));
        return out;
    }

    /** The keys of the repos a batch writes, so edge statements need not ensure them again. */
    static Set<String> keys(List<CrawlRows.Repo> rows) {
        Set<String> keys = new HashSet<>();
        for (CrawlRows.Repo r : rows) keys.add(key(r.type(), r.id()));
        return keys;
    }

    /** Ensures the repos of one type that {@code known} (by key) does not vouch for exist, unresolved if new. */
    private static Statement ensure(RepoType type, Collection<String> ids, Predicate<String> known) {
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (!known.test(key(type, id))) missing.add(id);
        }
        return new Statement(ENSURE_REPOS.formatted(type.label()), missing, Map.of("prefix", type.key() + ":"));
    }

    static void lineage(Graph g, List<CrawlRows.Lineage> rows) {
        write(g, lineageStatements(rows, k -> false));
    }

    static List<Statement> lineageStatements(List<CrawlRows.Lineage> rows, Predicate<String> known) {
        List<Map<String, Object>> list = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        for (CrawlRows.Lineage r : rows) {
            if (r.child().equals(r.parent())) continue;
            ends.add(r.child());
            ends.add(r.parent());
            list.add(Map.of("child", r.child(), "parent", r.parent(),
                    "relation", r.relation() == null ? "unknown" : r.relation(),
                    "source", r.source() == null ? "unknown" : r.source()));
        }
        return List.of(ensure(RepoType.MODEL, ends, known), Statement.counted(UPSERT_LINEAGE, list));
    }

    static void trainedOn(Graph g, List<CrawlRows.TrainedOn> rows) {
        write(g, trainedOnStatements(rows, k -> false));
    }

    static List<Statement> trainedOnStatements(List<CrawlRows.TrainedOn> rows, Predicate<String> known) {
        List<Map<String, Object>> list = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (CrawlRows.TrainedOn r : rows) {
            models.add(r.model());
            list.add(Map.of("model", r.model(), "dataset", r.dataset(), "source", r.source() == null ? "unknown" : r.source()));
        }
        return List.of(ensure(RepoType.MODEL, models, known), Statement.counted(UPSERT_TRAINED_ON, list));
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
        // one time for the whole write, passed once (not a datetime() call per row)
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        try (var session = g.driver().session()) {
            session.executeWriteWithoutResult(tx -> {
                for (Statement st : work) {
                    var result = tx.run(st.cypher(), st.parameters(now));
                    if (st.counted()) {
                        long n = result.single().get("n").asLong();
                        if (n < st.rows().size()) throw new MissingEnds(st.rows().size() - n);
                    } else {
                        result.consume();
                    }
                }
            });
        } catch (MissingEnds e) {
            throw e;   // rolled back; the caller ensures every end and writes again
        } catch (RuntimeException e) {
            throw new GraphException("graph write of " + rows + " rows failed on " + g.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * An edge statement found fewer ends than it was sent rows: an end the caller said exists does not
     * (something outside aiprov deleted it). The transaction is rolled back, nothing is written.
     */
    static final class MissingEnds extends RuntimeException {
        MissingEnds(long rows) {
            super(rows + " edge rows found no end node", null, false, false);
        }
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
