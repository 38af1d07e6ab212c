package dev.aiprov.crawler.job;

import static dev.aiprov.graph.TestGraphs.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.crawler.fake.GraphSnapshot;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids that are not Hub repo ids, from the seeds or from the Hub's answers, send no request and store no node. */
class BadRepoIdCrawlTest extends EmbeddedGraphTest {

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server.setDispatcher(hub);
    }

    private CrawlOptions.Builder options() {
        return CrawlOptions.builder(home).endpoint(server.url("/").toString()).clock(new FakeClock()).log(log::add)
                .env(Map.<String, String>of()::get);
    }

    /** Every id a hostile caller or Hub tried, and the node count that must stay zero for them. */
    private long badNodes() {
        return count(graph, "MATCH (n:Repo) WHERE n.id CONTAINS '..' OR n.id CONTAINS '%' OR n.id CONTAINS '\\\\' "
                + "OR n.id STARTS WITH '/' OR n.id ENDS WITH '/' OR n.id CONTAINS 'etc' RETURN count(n)");
    }

    @Test
    void badSeedsAreRefusedBeforeAnyRequest() {
        for (String bad : List.of("../../etc", "org/..", "..", "%2e%2e/x", "org/%2e%2e", "org\\name", "org/na\u0000me",
                "org/name\n", "/org/name", "org/name/", "a/b/c", "org/x.git", "org/" + "a".repeat(97), "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> options().model(bad).build(), bad);
            assertTrue(e.getMessage().startsWith("--model: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\u0000"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> options().author("../x").build());
        assertThrows(IllegalArgumentException.class, () -> options().dataset("org/..").build());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void badIdsInTheHubsAnswersAreSkippedAndRecordedNeverRequestedOrStored() {
        hub.add(RepoType.MODEL, "acme/good");
        hub.add(RepoType.MODEL, "acme/..");                        // listed for author acme
        var renamed = hub.add(RepoType.MODEL, "other/renamed");
        renamed.put("id", "../../etc");                            // its answer "renames" it to a path
        var card = hub.add(RepoType.MODEL, "acme/card");
        card.putObject("cardData").putArray("base_model").add("../../etc").add("org/..").add("acme/good").add("other/renamed")
                .add("other/moved");
        card.withArray("/cardData/datasets").add("%2e%2e/secrets").add("org\\data");
        card.withArray("/tags").add("base_model:finetune:..\\..\\etc");
        hub.tree(RepoType.MODEL, "acme/card").add(FakeHub.file("../../../api/models/x", 10, null));
        // read by id (a listed repo needs no info request): its answer redirects out of the repo API
        hub.add(RepoType.MODEL, "other/moved");
        hub.fault("/api/models/other/moved", new mockwebserver3.MockResponse.Builder().code(307)
                .setHeader("Location", "/api/models/../../etc/passwd").build());

        CrawlSummary s = CrawlRunner.run(options().author("acme").build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", s.status(), s.failure());
        for (var r : hub.requests()) {
            String p = r.getUrl().encodedPath();
            assertTrue(!p.contains("..") && !p.contains("%2e%2e") && !p.contains("%2E%2E") && !p.contains("etc")
                    && !p.contains("%5C") && (p.startsWith("/api/models") || p.startsWith("/api/datasets")
                    || p.startsWith("/api/spaces")), p);
        }
        assertEquals(0, badNodes());
        assertEquals(0, count(graph, "MATCH (f:File) WHERE f.path CONTAINS '..' RETURN count(f)"));
        assertEquals(1, count(graph, "MATCH (n:Model {id:'acme/good', status:'ok'}) RETURN count(n)"));
        assertEquals(1, count(graph, "MATCH (n:Model {id:'other/moved', status:'error'}) RETURN count(n)"));
        assertEquals(1, count(graph, "MATCH (:Model {id:'acme/card'})-[:DERIVED_FROM]->(:Model {id:'acme/good'}) RETURN count(*)"));
        // the rename to a path is recorded on the requested (valid) id, which is not followed
        assertEquals(1, count(graph, "MATCH (n:Model {id:'other/renamed', status:'error'}) WHERE n.statusDetail CONTAINS 'not a repo id' "
                + "RETURN count(n)"));
        assertTrue(log.stream().anyMatch(m -> m.contains("skipped") && m.contains("'acme/..'")), log.toString());
        assertTrue(log.stream().anyMatch(m -> m.contains("skipped model:other/renamed") && m.contains("'../../etc'")), log.toString());
        assertTrue(log.stream().anyMatch(m -> m.contains("skipped in model:acme/card") && m.contains("'org/..'")), log.toString());
    }
}
