package dev.aiprov.graph;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanStoreTest extends EmbeddedGraphTest {

    static final String SHA_A = "a".repeat(40);
    static final String SHA_B = "b".repeat(40);
    static final String PICKLE = "1".repeat(64);

    @BeforeEach
    void seed() {
        CrawlStore c = new CrawlStore(graph);
        c.upsertRepos(List.of(
                CrawlRows.Repo.builder(RepoType.MODEL, "org/a").author("org").sha(SHA_A).isPrivate(false).gated("false")
                        .disabled(false).downloads(1L).likes(1L).build(),
                CrawlRows.Repo.builder(RepoType.SPACE, "org/app").author("org").sha(SHA_B).isPrivate(false).gated("false")
                        .disabled(false).downloads(1L).likes(1L).sdk("gradio").build()));
        // the same pickle content in a model and in a Space, plus a README with a token
        c.upsertFiles(List.of(
                new CrawlRows.File(RepoType.MODEL, "org/a", SHA_A, "pytorch_model.bin", 1000, PICKLE, "c".repeat(40), null),
                new CrawlRows.File(RepoType.MODEL, "org/a", SHA_A, "README.md", 100, null, "d".repeat(40), null),
                new CrawlRows.File(RepoType.SPACE, "org/app", SHA_B, "examples/cache.pkl", 1000, PICKLE, "c".repeat(40), null),
                new CrawlRows.File(RepoType.MODEL, "org/a", "e".repeat(40), "old.bin", 10, "2".repeat(64), null, null)));
    }

    private static ScanRows.Result pickleResult(String version) {
        return new ScanRows.Result(PICKLE, version, "judged", null, "pickle", 1000, 300, 300, List.of(
                new ScanRows.FoundIssue("PICKLE_GLOBAL_CRITICAL", "critical", "os.system imported", "@2", null, "os.system", null)));
    }

    @Test
    void onlyHeadRevisionFilesWithoutACurrentResultArePending() {
        ScanStore store = new ScanStore(graph);
        List<ScanStore.PendingFile> pending = store.pendingFiles(null, "1.0");
        assertEquals(3, pending.size(), pending.toString());   // old.bin is at a non-head revision
        assertEquals(Set.of(PICKLE, "blob:" + "d".repeat(40)),
                Set.copyOf(pending.stream().map(ScanStore.PendingFile::contentKey).toList()));
        assertEquals(2, store.pendingFiles(List.of("model:org/a"), "1.0").size());
    }

    @Test
    void aRevisionADeploymentPinsIsPendingAndListedUntilItsFilesAreKnown() {
        ScanStore store = new ScanStore(graph);
        String old = "e".repeat(40);
        String gone = "f".repeat(40);
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow("app", "prod", "team", null, List.of(
                new InventoryStore.UseRow(RepoType.MODEL, "org/a", old, true, null, null, null),
                new InventoryStore.UseRow(RepoType.SPACE, "org/app", gone, true, null, null, null),
                new InventoryStore.UseRow(RepoType.MODEL, "org/a", "main", false, null, null, null)))));
        // old.bin at the pinned revision is pending now, beside the head's files
        assertEquals(4, store.pendingFiles(null, "1.0").size());
        assertTrue(store.pendingFiles(List.of("model:org/a"), "1.0").stream().anyMatch(f -> f.revision().equals(old)
                && f.path().equals("old.bin")));
        // the Space's pinned revision has no files in the graph yet: the crawl lists it; org/a's pin has them
        assertEquals(List.of(new ScanStore.PinnedRevision(RepoType.SPACE, "org/app", gone)), store.pinnedRevisionsWithoutFiles(null));
        assertEquals(List.of(), store.pinnedRevisionsWithoutFiles(List.of("model:org/a")));
    }

    @Test
    void oneContentScannedOnceServesEveryFileThatCarriesIt() {
        ScanStore store = new ScanStore(graph);
        store.record(pickleResult("1.0"));
        store.linkFiles(Map.of("model:org/a@" + SHA_A + ":pytorch_model.bin", PICKLE,
                "space:org/app@" + SHA_B + ":examples/cache.pkl", PICKLE), "1.0");
        assertEquals(Set.of(PICKLE), store.alreadyScanned(List.of(PICKLE, "9".repeat(64)), "1.0"));
        assertEquals(1, TestGraphs.count(graph, "MATCH (x:Finding) RETURN count(x)"));
        assertEquals(2, TestGraphs.count(graph, "MATCH (f:File)-[:HAS_FINDING]->(:Finding {severity:'critical'}) RETURN count(f)"));
        assertEquals(1, store.pendingFiles(null, "1.0").size());   // the README is left
        // a new scanner version makes everything pending again, and relinks without stale findings
        assertEquals(3, store.pendingFiles(null, "2.0").size());
        store.record(new ScanRows.Result(PICKLE, "2.0", "judged", null, "pickle", 1000, 300, 300, List.of()));
        store.linkFiles(Map.of("model:org/a@" + SHA_A + ":pytorch_model.bin", PICKLE), "2.0");
        assertEquals(0, TestGraphs.count(graph,
                "MATCH (f:File {path:'pytorch_model.bin'})-[:HAS_FINDING]->(x) RETURN count(x)"));
        assertEquals(1, TestGraphs.count(graph,
                "MATCH (f:File {path:'pytorch_model.bin'})-[:SCANNED_AS]->(s:ScanResult) RETURN count(s)"));
    }

    @Test
    void oneLeakedTokenIsOneSecretNodeWhereverItAppears() {
        ScanStore store = new ScanStore(graph);
        ScanRows.Secret secret = new ScanRows.Secret("f".repeat(64), "huggingface", "hf_…WXYZ");
        store.record(new ScanRows.Result("blob:" + "d".repeat(40), "1.0", "judged", null, "text", 100, 100, 100, List.of(
                new ScanRows.FoundIssue("SECRET_HUGGINGFACE_TOKEN", "high", "Hugging Face token", "@10", 3, "hf_…WXYZ", secret))));
        store.record(new ScanRows.Result("3".repeat(64), "1.0", "judged", null, "text", 100, 100, 100, List.of(
                new ScanRows.FoundIssue("SECRET_HUGGINGFACE_TOKEN", "high", "Hugging Face token", "@50", 9, "hf_…WXYZ", secret))));
        assertEquals(1, TestGraphs.count(graph, "MATCH (s:Secret) RETURN count(s)"));
        assertEquals(2, TestGraphs.count(graph, "MATCH (:Finding)-[:LEAKS]->(s:Secret {redacted:'hf_…WXYZ'}) RETURN count(*)"));
        var rows = new FindingQueries(graph).findings("high", null, 100);
        assertEquals(0, rows.size());   // not linked to any file yet
        store.linkFiles(Map.of("model:org/a@" + SHA_A + ":README.md", "blob:" + "d".repeat(40)), "1.0");
        rows = new FindingQueries(graph).findings("high", "org/a", 100);
        assertEquals(1, rows.size());
        assertEquals("huggingface", rows.get(0).secretType());
        assertEquals(3, rows.get(0).line());
    }

    @Test
    void aFileThatCouldNotBeScannedIsListedWithWhy() {
        ScanStore store = new ScanStore(graph);
        store.record(new ScanRows.Result(PICKLE, "1.0", "skipped", "gated: HTTP 401 GatedRepo", null, 1000, 0, 0, List.of()));
        store.linkFiles(Map.of("model:org/a@" + SHA_A + ":pytorch_model.bin", PICKLE), "1.0");
        var unjudged = new FindingQueries(graph).unjudged(null, 10);
        assertEquals(1, unjudged.size());
        assertEquals("skipped", unjudged.get(0).status());
        assertTrue(unjudged.get(0).why().startsWith("gated"));
        // still pending: a skipped content is retried by the next crawl
        assertTrue(store.pendingFiles(null, "1.0").stream().anyMatch(f -> f.path().equals("pytorch_model.bin")));
    }
}
