package dev.aiprov.crawler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.fake.GraphSnapshot;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl without a scan step ({@code --no-scan}) reads repos from {@code expand=} listings and
 * no file tree: the graph of models, lineage, training data, Space uses, datasets and Spaces is the
 * one a full crawl writes. Repos asked for by id are asked with {@code If-None-Match}.
 */
class NoScanCrawlTest {
    @TempDir
    static Path graphDir;
    static Graph graph;

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub().pageSize(3);

    @BeforeAll
    static void openGraph() {
        graph = TestGraphs.embedded(graphDir);
    }

    @AfterAll
    static void closeGraph() {
        graph.close();
    }

    @BeforeEach
    void setUp() {
        GraphSnapshot.clear(graph);
        server.setDispatcher(hub);
        hub.add(RepoType.MODEL, "acme/base").putObject("cardData").putArray("datasets").add("acme/data");
        var ft = hub.add(RepoType.MODEL, "acme/ft");
        ft.putArray("tags").add("base_model:acme/base").add("base_model:finetune:acme/base").add("license:mit");
        ft.putObject("cardData").put("base_model", "acme/base");
        hub.add(RepoType.MODEL, "acme/lora").putArray("tags").add("peft");
        hub.addAdapterConfig("acme/lora", "acme/ft");
        hub.add(RepoType.MODEL, "acme/q").putArray("tags").add("base_model:other/upstream").add("base_model:quantized:other/upstream");
        hub.add(RepoType.MODEL, "acme/gated").put("gated", "manual");
        hub.add(RepoType.DATASET, "acme/data");
        hub.add(RepoType.SPACE, "acme/demo").putArray("models").add("acme/ft").add("other/used");
        hub.add(RepoType.MODEL, "other/upstream");
        hub.add(RepoType.MODEL, "other/used");
        hub.add(RepoType.MODEL, "fans/child").putArray("tags").add("base_model:acme/ft").add("base_model:finetune:acme/ft");
        hub.add(RepoType.MODEL, "fans/grand").putArray("tags").add("base_model:fans/child").add("base_model:quantized:fans/child");
    }

    private CrawlOptions.Builder options(Path jobs) {
        return CrawlOptions.builder(jobs).endpoint(server.url("/").toString()).clock(new FakeClock()).log(m -> { })
                .env(Map.<String, String>of()::get);
    }

    private static String one(String cypher) {
        try (var s = graph.driver().session()) {
            return s.run(cypher).single().get(0).asString();
        }
    }

    private List<String> paths() {
        return hub.requests().stream().map(r -> r.getUrl().encodedPath()).sorted().toList();
    }

    @Test
    void aNoScanCrawlOfAnAuthorWritesWhatAFullCrawlWritesAtUnderOnePointTwoRequestsPerRepo() {
        CrawlSummary full = CrawlRunner.run(options(home.resolve("full")).author("acme").build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", full.status(), full.failure());
        List<String> expected = GraphSnapshot.metadata(graph);
        assertTrue(full.files() > 0 && hub.count("/api/models/acme/ft/tree") == 1, "the full crawl reads trees");
        GraphSnapshot.clear(graph);
        hub.clearRequests();

        CrawlSummary noScan = CrawlRunner.run(options(home.resolve("noscan")).author("acme").metadataOnly(true).build(),
                graph, CrawlListener.NONE);

        assertEquals("COMPLETED", noScan.status(), noScan.failure());
        assertEquals(full.repos(), noScan.repos());
        assertEquals(expected, GraphSnapshot.metadata(graph));
        assertEquals(0, noScan.files());
        // 9 repos: 4 listing pages, the Space's info (its listing cannot carry `gated`), the 2 parents
        // outside the author by id, acme/lora's adapter_config.json; no tree and no commit list
        assertEquals(9, noScan.repos());
        assertEquals(List.of("/acme/lora/resolve/" + hub.info(RepoType.MODEL, "acme/lora").get("sha").asText()
                        + "/adapter_config.json", "/api/datasets", "/api/models", "/api/models", "/api/models/other/upstream",
                "/api/models/other/used", "/api/spaces", "/api/spaces/acme/demo"), paths());
        assertTrue(noScan.requests() <= 1.2 * noScan.repos(), noScan.requests() + " requests");
        // the head revision is known without the commit list
        assertEquals(1, TestGraphs.count(graph, "MATCH (m:Model {id:'acme/ft'})-[:HAS_REVISION]->(v:Revision) WHERE v.sha = m.sha RETURN count(v)"));
    }

    @Test
    void descendantsComeFromTheFilterListingWithoutAnInfoRequestPerChild() {
        CrawlSummary full = CrawlRunner.run(options(home.resolve("full")).author("acme").descendants(true).build(),
                graph, CrawlListener.NONE);
        assertEquals("COMPLETED", full.status(), full.failure());
        List<String> expected = GraphSnapshot.metadata(graph);
        GraphSnapshot.clear(graph);
        hub.clearRequests();

        CrawlSummary noScan = CrawlRunner.run(options(home.resolve("noscan")).author("acme").descendants(true)
                .metadataOnly(true).build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", noScan.status(), noScan.failure());
        assertEquals(11, noScan.repos());
        assertEquals(expected, GraphSnapshot.metadata(graph));
        assertEquals("finetune", one("MATCH (:Model {id:'fans/child'})-[e:DERIVED_FROM]->(:Model {id:'acme/ft'}) RETURN e.relation"));
        assertEquals(1, TestGraphs.count(graph,
                "MATCH (:Model {id:'fans/grand'})-[:DERIVED_FROM {relation:'quantized'}]->(:Model {id:'fans/child'}) RETURN count(*)"));
        // the children were read from the listings that found them: no request names them
        assertEquals(0, hub.count("/api/models/fans/"), paths().toString());
        assertTrue(hub.requests().stream().filter(r -> r.getUrl().queryParameter("filter") != null)
                .allMatch(r -> r.getUrl().queryParameterValues("expand").containsAll(List.of("sha", "tags", "cardData"))));
    }

    @Test
    void aNoScanCrawlReadsTheCommitListOfReposSeededByIdOnly() {
        CrawlSummary s = CrawlRunner.run(options(home).author("acme").model("other/upstream").metadataOnly(true).build(),
                graph, CrawlListener.NONE);

        assertEquals("COMPLETED", s.status(), s.failure());
        String upstream = hub.info(RepoType.MODEL, "other/upstream").get("sha").asText();
        assertEquals(List.of("/api/models/other/upstream/commits/" + upstream),
                paths().stream().filter(p -> p.contains("/commits/")).toList());
        assertEquals(2, TestGraphs.count(graph, "MATCH (:Model {id:'other/upstream'})-[:HAS_REVISION]->(v) RETURN count(v)"));
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Model {id:'acme/ft'})-[:HAS_REVISION]->(v) RETURN count(v)"));
    }

    @Test
    void severalModelsSeededByIdUnderOneOwnerAreReadFromTheOwnersListing() {
        long repos = 0;
        for (String id : List.of("acme/ft", "acme/lora", "acme/q")) {   // one crawl each: an info request each
            CrawlSummary one = CrawlRunner.run(options(home.resolve(id)).model(id).lineageDepth(0).metadataOnly(true).build(),
                    graph, CrawlListener.NONE);
            assertEquals("COMPLETED", one.status(), one.failure());
            repos += one.repos();
        }
        assertEquals(3, paths().stream().filter(p -> p.matches("/api/models/acme/[^/]+")).count(), paths().toString());
        List<String> expected = GraphSnapshot.metadata(graph);
        GraphSnapshot.clear(graph);
        hub.clearRequests();

        // the same three seeds, crawled into a fresh state: acme has 5 models, 2 pages of 3
        CrawlSummary s = CrawlRunner.run(options(home.resolve("owner")).model("acme/ft").model("acme/lora").model("acme/q")
                .lineageDepth(0).metadataOnly(true).build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", s.status(), s.failure());
        assertEquals(repos, s.repos());
        assertEquals(expected, GraphSnapshot.metadata(graph));
        assertEquals(0, paths().stream().filter(p -> p.equals("/api/models/acme/ft") || p.equals("/api/models/acme/lora")
                || p.equals("/api/models/acme/q")).count(), paths().toString());
        assertEquals(2, hub.requests().stream().filter(r -> "acme".equals(r.getUrl().queryParameter("author"))).count());
    }

    /** Records the If-None-Match headers sent for info and the 304s FakeHub answered (its ETag is its body's hash). */
    static final class EtagHub extends Dispatcher {
        final FakeHub hub;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> notModified = new CopyOnWriteArrayList<>();

        EtagHub(FakeHub hub) {
            this.hub = hub;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            MockResponse answer = hub.dispatch(request);
            List<String> seg = request.getUrl().pathSegments();
            if (seg.size() != 4 || !seg.get(0).equals("api")) {
                return answer;
            }
            String asked = request.getHeaders().get("If-None-Match");
            if (asked != null) sent.add(request.getUrl().encodedPath() + " " + asked);
            if (answer.getCode() == 304) notModified.add(request.getUrl().encodedPath());
            return answer;
        }
    }

    @Test
    void reposCrawledByIdAreAskedWithIfNoneMatchAndA304IsAnUnchangedRepo() {
        EtagHub etags = new EtagHub(hub);
        server.setDispatcher(etags);
        CrawlOptions options = options(home).model("acme/ft").space("acme/demo").dataset("acme/data").metadataOnly(true).build();
        CrawlSummary first = CrawlRunner.run(options, graph, CrawlListener.NONE);
        assertEquals("COMPLETED", first.status(), first.failure());
        List<String> after = GraphSnapshot.of(graph);
        List<String> props = GraphSnapshot.metadata(graph);
        // ft, demo, data (seeds: info and commits) and acme/base, other/used (parents: info)
        assertEquals(5, first.repos());
        assertEquals(8, first.requests(), paths().toString());
        assertEquals(List.of(), etags.sent);
        hub.clearRequests();

        CrawlSummary again = CrawlRunner.run(options, graph, CrawlListener.NONE);

        assertEquals("COMPLETED", again.status(), again.failure());
        assertEquals(5, again.unchanged());
        assertEquals(5, again.requests(), paths().toString());
        assertEquals(List.of("/api/datasets/acme/data", "/api/models/acme/base", "/api/models/acme/ft", "/api/models/other/used",
                "/api/spaces/acme/demo"), etags.notModified.stream().sorted().toList());
        assertEquals(after, GraphSnapshot.of(graph));
        assertEquals(props, GraphSnapshot.metadata(graph));

        hub.bump(RepoType.MODEL, "acme/ft");
        hub.clearRequests();
        etags.notModified.clear();
        CrawlSummary moved = CrawlRunner.run(options, graph, CrawlListener.NONE);

        assertEquals("COMPLETED", moved.status(), moved.failure());
        assertEquals(4, moved.unchanged());
        assertEquals(4, etags.notModified.size());
        String sha = hub.info(RepoType.MODEL, "acme/ft").get("sha").asText();
        assertEquals(sha, one("MATCH (m:Model {id:'acme/ft'}) RETURN m.sha"));
        assertNotEquals(after, GraphSnapshot.of(graph));
        // a changed repo seeded by id reads its commits again: 5 infos and ft's commit list
        assertEquals(6, moved.requests(), paths().toString());
    }
}
