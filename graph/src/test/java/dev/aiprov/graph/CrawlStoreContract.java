package dev.aiprov.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviour every graph must show, embedded or server. Implementing test classes provide the graph;
 * each test starts from an empty database.
 */
interface CrawlStoreContract {

    Graph graph();

    private CrawlRows.Repo model(String id, String author, String sha) {
        return CrawlRows.Repo.builder(RepoType.MODEL, id).hubId("621ffdc036468d709f174338").author(author).sha(sha)
                .lastModified("2024-02-19T11:06:12.000Z").createdAt("2022-03-02T23:29:05.000Z").isPrivate(false)
                .gated("false").disabled(false).downloads(72376843L).likes(2065L).license("apache-2.0")
                .pipelineTag("fill-mask").libraryName("transformers").tags(List.of("transformers", "license:apache-2.0"))
                .build();
    }

    @Test
    default void writingTheSameCrawlTwiceCreatesNothingNew() {
        CrawlStore store = new CrawlStore(graph());
        Runnable crawl = () -> {
            store.upsertRepos(List.of(model("org/child", "org", "a".repeat(40)), model("base/root", "base", "b".repeat(40))));
            store.upsertLineage(List.of(new CrawlRows.Lineage("org/child", "base/root", "finetune", "cardData")));
            store.upsertTrainedOn(List.of(new CrawlRows.TrainedOn("org/child", "ds/one", "cardData")));
            store.upsertUses(List.of(new CrawlRows.Uses("sp/app", RepoType.MODEL, "org/child"),
                    new CrawlRows.Uses("sp/app", RepoType.DATASET, "ds/one")));
            store.upsertRevisions(List.of(new CrawlRows.Revision(RepoType.MODEL, "org/child", "a".repeat(40),
                    "2024-02-19T10:57:45.000Z", "init")));
            store.upsertFiles(List.of(new CrawlRows.File(RepoType.MODEL, "org/child", "a".repeat(40), "model.safetensors",
                    440473133L, "0974".repeat(16), "ba5d19791be1dd7992e33bd61f20207b0f7f50a5", "safe")));
        };
        crawl.run();
        long[] first = TestGraphs.totals(graph());
        crawl.run();
        assertArrayEquals(first, TestGraphs.totals(graph()));
        // 2 models + dataset + space + 2 authors + revision + file
        assertEquals(8, first[0]);
        // PUBLISHED x2, DERIVED_FROM, TRAINED_ON, USES x2, HAS_REVISION, HAS_FILE
        assertEquals(8, first[1]);
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Author {name:'org'})-[:PUBLISHED]->(m:Model:Repo {id:'org/child', key:'model:org/child'}) "
                        + "WHERE m.lastModified.year = 2024 AND m.downloads = 72376843 RETURN count(m)"));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/child'})-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(f:File {path:'model.safetensors'}) "
                        + "WHERE f.sha256 STARTS WITH '0974' AND f.size = 440473133 RETURN count(f)"));
    }

    @Test
    default void anUnreachedBaseModelIsKeptAsAnUnresolvedNodeUntilCrawled() {
        CrawlStore store = new CrawlStore(graph());
        store.upsertLineage(List.of(new CrawlRows.Lineage("org/adapter", "meta/base", "adapter", "adapter_config")));
        assertEquals(1, TestGraphs.count(graph(), "MATCH (m:Model {id:'meta/base', unresolved:true}) RETURN count(m)"));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/adapter'})-[e:DERIVED_FROM {relation:'adapter', source:'adapter_config'}]->(:Model {id:'meta/base'}) RETURN count(e)"));
        store.upsertRepos(List.of(model("meta/base", "meta", "c".repeat(40))));
        assertEquals(0, TestGraphs.count(graph(), "MATCH (m:Model {id:'meta/base', unresolved:true}) RETURN count(m)"));
    }

    @Test
    default void secondSourceForTheSameEdgeIsRecordedWithoutDuplicatingIt() {
        CrawlStore store = new CrawlStore(graph());
        store.upsertLineage(List.of(new CrawlRows.Lineage("a/child", "a/base", "unknown", "tags")));
        store.upsertLineage(List.of(new CrawlRows.Lineage("a/child", "a/base", "quantized", "cardData")));
        var rows = new ReadQueries(graph()).readOnly(
                "MATCH (:Model {id:'a/child'})-[e:DERIVED_FROM]->() RETURN e.relation AS relation, e.sources AS sources",
                Map.of()).rows();
        assertEquals(1, rows.size());
        assertEquals("quantized", rows.get(0).get("relation"));
        assertEquals(List.of("tags", "cardData"), rows.get(0).get("sources"));
    }

    @Test
    default void selfReferencesAreSkippedAndCyclesAreKept() {
        CrawlStore store = new CrawlStore(graph());
        store.upsertLineage(List.of(new CrawlRows.Lineage("x/a", "x/a", "finetune", "cardData"),
                new CrawlRows.Lineage("x/a", "x/b", "finetune", "cardData"),
                new CrawlRows.Lineage("x/b", "x/a", "finetune", "cardData")));
        assertEquals(0, TestGraphs.count(graph(), "MATCH (a)-[e:DERIVED_FROM]->(a) RETURN count(e)"));
        assertEquals(2, TestGraphs.count(graph(), "MATCH ()-[e:DERIVED_FROM]->() RETURN count(e)"));
    }

    @Test
    default void aRepoThatBecameGatedKeepsItsMetadataAndSaysWhy() {
        CrawlStore store = new CrawlStore(graph());
        store.upsertRepos(List.of(model("org/m", "org", "d".repeat(40))));
        store.upsertRepos(List.of(CrawlRows.Repo.unavailable(RepoType.MODEL, "org/m", "gated", "GatedRepo")));
        var row = new ReadQueries(graph()).readOnly(
                "MATCH (m:Model {id:'org/m'}) RETURN m.status AS status, m.statusDetail AS detail, m.sha AS sha", Map.of())
                .rows().get(0);
        assertEquals("gated", row.get("status"));
        assertEquals("GatedRepo", row.get("detail"));
        assertEquals("d".repeat(40), row.get("sha"));
    }

    @Test
    default void readOnlyQueriesRefuseWritesAndReturnColumnsInOrder() {
        new CrawlStore(graph()).upsertRepos(List.of(model("org/q", "org", "e".repeat(40))));
        ReadQueries q = new ReadQueries(graph());
        GraphException e = assertThrows(GraphException.class,
                () -> q.readOnly("CREATE (n:Model {id:'evil'}) RETURN n", Map.of()));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertThrows(GraphException.class, () -> q.readOnly("MATCH (n) DETACH DELETE n", Map.of()));
        assertThrows(GraphException.class, () -> q.readOnly("DROP CONSTRAINT model_id", Map.of()));
        assertEquals(0, TestGraphs.count(graph(), "MATCH (n:Model {id:'evil'}) RETURN count(n)"));
        QueryResult r = q.readOnly("MATCH (m:Model) RETURN m.id AS id, m.downloads AS downloads, m AS node", Map.of());
        assertEquals(List.of("id", "downloads", "node"), r.columns());
        assertEquals("org/q", r.rows().get(0).get("id"));
        assertEquals(72376843L, r.rows().get(0).get("downloads"));
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) r.rows().get(0).get("node");
        assertTrue(((List<?>) node.get("_labels")).contains("Model"));
        assertFalse(node.containsKey("password"));
    }

    @Test
    default void aWholeChunkIsWrittenInOneTransactionAndARenameLinksOldToNew() {
        CrawlStore store = new CrawlStore(graph());
        CrawlRows.Batch batch = new CrawlRows.Batch(
                List.of(model("google-bert/bert-base-uncased", "google-bert", "f".repeat(40))),
                List.of(new CrawlRows.Rename(RepoType.MODEL, "bert-base-uncased", "google-bert/bert-base-uncased")),
                List.of(new CrawlRows.Lineage("org/ft", "bert-base-uncased", "finetune", "cardData")),
                List.of(), List.of(), List.of(), List.of());
        store.upsertAll(batch);
        long[] first = TestGraphs.totals(graph());
        store.upsertAll(batch);
        assertArrayEquals(first, TestGraphs.totals(graph()));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/ft'})-[:DERIVED_FROM]->(o:Model {id:'bert-base-uncased', status:'renamed'})"
                        + "-[:RENAMED_TO]->(n:Model {id:'google-bert/bert-base-uncased', unresolved:false}) RETURN count(n)"));
    }

    @Test
    default void aFailedChunkWritesNothing() {
        CrawlStore store = new CrawlStore(graph());
        // the revision statement (after the repos) MERGEs on a null id and fails: the whole chunk rolls back
        CrawlRows.Batch bad = new CrawlRows.Batch(List.of(model("org/ok", "org", "1".repeat(40))), List.of(), List.of(),
                List.of(), List.of(), List.of(new CrawlRows.Revision(RepoType.MODEL, null, "1".repeat(40), null, null)), List.of());
        assertThrows(GraphException.class, () -> store.upsertAll(bad));
        assertEquals(0, TestGraphs.count(graph(), "MATCH (m:Model {id:'org/ok'}) RETURN count(m)"));
        assertEquals(0, store.knownKeys(), "a rolled-back chunk vouches for nothing");
        // so an edge to the repo that chunk failed to write still ensures it
        store.upsertAll(new CrawlRows.Batch(List.of(), List.of(), List.of(new CrawlRows.Lineage("org/x", "org/ok", "finetune", "cardData")),
                List.of(), List.of(), List.of(), List.of()));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/x', unresolved:true})-[:DERIVED_FROM]->(m:Model {id:'org/ok', unresolved:true}) RETURN count(m)"));
    }

    @Test
    default void anEdgeToARepoAnEarlierChunkWroteNeedsNoEnsuringAndIsWritten() {
        CrawlStore store = new CrawlStore(graph());
        store.upsertAll(new CrawlRows.Batch(List.of(model("base/root", "base", "b".repeat(40))), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of()));
        assertEquals(1, store.knownKeys());
        store.upsertAll(new CrawlRows.Batch(List.of(model("org/child", "org", "a".repeat(40))), List.of(),
                List.of(new CrawlRows.Lineage("org/child", "base/root", "finetune", "cardData"),
                        new CrawlRows.Lineage("org/child", "org/child", "finetune", "cardData"),
                        new CrawlRows.Lineage("other/ft", "base/root", "adapter", "cardData")),
                List.of(new CrawlRows.TrainedOn("org/child", "ds/one", "cardData")), List.of(), List.of(), List.of()));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/child', unresolved:false})-[:DERIVED_FROM]->(b:Model {id:'base/root', unresolved:false}) RETURN count(b)"));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'other/ft', unresolved:true})-[:DERIVED_FROM {relation:'adapter'}]->(:Model {id:'base/root'}) RETURN count(*)"));
        assertEquals(0, TestGraphs.count(graph(), "MATCH (m:Model {id:'org/child'})-[:DERIVED_FROM]->(m) RETURN count(m)"));
        assertEquals(3, store.knownKeys(), "base/root, org/child and other/ft, once each");
        // a remembered repo deleted outside aiprov: the edge statement finds no end, the chunk is written again, ensured
        try (var session = graph().driver().session()) {
            session.run("MATCH (m:Model {id:'base/root'}) DETACH DELETE m").consume();
        }
        store.upsertAll(new CrawlRows.Batch(List.of(), List.of(), List.of(new CrawlRows.Lineage("org/new", "base/root", "finetune", "cardData")),
                List.of(new CrawlRows.TrainedOn("org/new", "ds/two", "cardData")), List.of(), List.of(), List.of()));
        assertEquals(1, TestGraphs.count(graph(),
                "MATCH (:Model {id:'org/new'})-[:DERIVED_FROM]->(b:Model {id:'base/root', unresolved:true}) RETURN count(b)"));
        assertEquals(1, TestGraphs.count(graph(), "MATCH (:Model {id:'org/new'})-[:TRAINED_ON]->(:Dataset {id:'ds/two'}) RETURN count(*)"));
        assertEquals(2, store.knownKeys(), "forgotten, then org/new and base/root remembered again");
        // a second store (another crawl) knows nothing yet and still writes the same edge once
        CrawlStore other = new CrawlStore(graph());
        other.upsertAll(new CrawlRows.Batch(List.of(), List.of(), List.of(new CrawlRows.Lineage("org/child", "base/root", "finetune", "cardData")),
                List.of(), List.of(), List.of(), List.of()));
        assertEquals(1, TestGraphs.count(graph(), "MATCH (:Model {id:'org/child'})-[r:DERIVED_FROM]->(:Model {id:'base/root'}) RETURN count(r)"));
    }

    @Test
    default void aSyntaxErrorIsAOneLineGraphException() {
        GraphException e = assertThrows(GraphException.class,
                () -> new ReadQueries(graph()).readOnly("MATCH (n RETURN n", Map.of()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
