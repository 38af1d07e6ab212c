package dev.aiprov.crawler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.fake.GraphSnapshot;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Author crawls read repos from {@code expand=} listings: the graph a metadata-only author crawl
 * writes is the graph a per-repo crawl of the same repos writes (repos, their properties, lineage,
 * training data, Space uses, authors), for far fewer requests.
 */
class ListingCrawlTest extends EmbeddedGraphTest {

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub().pageSize(3);

    @BeforeEach
    void setUp() {
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
    }

    private CrawlOptions.Builder options(Path jobs) {
        return CrawlOptions.builder(jobs).endpoint(server.url("/").toString()).clock(new FakeClock()).log(m -> { })
                .env(Map.<String, String>of()::get);
    }

    private long apiRequests() {
        return hub.requests().size();
    }

    @Test
    void aMetadataCrawlOfAnAuthorFromTheListingLosesNothingAPerRepoCrawlFinds() throws Exception {
        CrawlSummary perRepo = CrawlRunner.run(options(home.resolve("old")).model("acme/base").model("acme/ft").model("acme/lora")
                .model("acme/q").model("acme/gated").dataset("acme/data").space("acme/demo").build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", perRepo.status(), perRepo.failure());
        List<String> expected = GraphSnapshot.metadata(graph);
        long perRepoRequests = apiRequests();
        GraphSnapshot.clear(graph);
        hub.clearRequests();

        CrawlSummary listed = CrawlRunner.run(options(home.resolve("new")).author("acme").metadataOnly(true).build(),
                graph, CrawlListener.NONE);

        assertEquals("COMPLETED", listed.status(), listed.failure());
        assertEquals(perRepo.repos(), listed.repos());
        assertEquals(expected, GraphSnapshot.metadata(graph));
        // 9 repos: listings (models 2 pages, datasets 1, spaces 1) + info of the 2 repos outside the
        // author + the Space's info (a Space listing cannot carry `gated`) + acme/lora's adapter_config.json
        assertEquals(9, listed.repos());
        assertEquals(8, apiRequests(), hub.requests().toString());
        assertTrue(apiRequests() <= 1.2 * listed.repos());
        assertEquals(0, hub.requests().stream().map(RecordedRequest::getUrl)
                .filter(u -> u.encodedPath().startsWith("/api/models/acme/")).count());
        assertTrue(perRepoRequests > 3 * apiRequests(), "per-repo crawl took " + perRepoRequests);
        // every listing asked for the fields it stands in for, and was followed to its end
        assertTrue(hub.requests().stream().filter(r -> "acme".equals(r.getUrl().queryParameter("author")))
                .allMatch(r -> r.getUrl().queryParameterValues("expand").containsAll(List.of("sha", "cardData", "siblings"))));
        assertEquals(2, hub.requests().stream().filter(r -> r.getUrl().encodedPath().equals("/api/models")).count());
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Model {id:'acme/lora'})-[:DERIVED_FROM {relation:'adapter'}]->(:Model {id:'acme/ft'}) RETURN count(*)"));
        // the head revision is known without the commit list
        assertEquals(1, TestGraphs.count(graph, "MATCH (m:Model {id:'acme/ft'})-[:HAS_REVISION]->(v:Revision) WHERE v.sha = m.sha RETURN count(v)"));
    }

    @Test
    void aReCrawlByListingTouchesOnlyTheReposWhoseShaMoved() {
        CrawlOptions options = options(home).author("acme").metadataOnly(true).lineageDepth(0).build();
        assertEquals("COMPLETED", CrawlRunner.run(options, graph, CrawlListener.NONE).status());
        hub.bump(RepoType.MODEL, "acme/lora");
        hub.clearRequests();

        CrawlSummary again = CrawlRunner.run(options, graph, CrawlListener.NONE);

        assertEquals("COMPLETED", again.status(), again.failure());
        assertEquals(7, again.repos());
        // 4 listing pages and the Space's info; the moved adapter re-reads its adapter_config.json;
        // no other repo costs a request
        String moved = hub.info(RepoType.MODEL, "acme/lora").get("sha").asText();
        assertEquals(List.of("/acme/lora/resolve/" + moved + "/adapter_config.json", "/api/datasets", "/api/models",
                        "/api/models", "/api/spaces", "/api/spaces/acme/demo"),
                hub.requests().stream().map(r -> r.getUrl().encodedPath()).sorted().toList());
        assertEquals(moved, sha("acme/lora"));
    }

    private static String sha(String id) {
        try (var s = graph.driver().session()) {
            return s.run("MATCH (m:Model {id:$id}) RETURN m.sha", Map.of("id", id)).single().get(0).asString();
        }
    }
}
