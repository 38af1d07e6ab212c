package dev.aiprov.crawler.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.events.EventLog;
import dev.aiprov.events.EventReader;
import dev.aiprov.events.Ocsf;
import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.crawler.scan.RemoteScanner;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.scanner.Scanner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crawl that cannot read the Hub (down, answering 5xx, closing connections) is a failed crawl: it
 * does not report completion, runs no scan and computes no drift, so the graph's old state raises
 * nothing. The same world with a Hub that answers does raise the alert, so the check can fail.
 */
class UnreachableHubTest extends EmbeddedGraphTest {
    static final String APPROVED = "a".repeat(40);
    static final String KNOWN_HEAD = "b".repeat(40);

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    enum Failure { DOWN, ANSWERS_503, CLOSES_CONNECTIONS }

    @BeforeEach
    void world() {
        // what an earlier crawl knew: org/m at KNOWN_HEAD; the deployment follows main, approved at another revision
        new CrawlStore(graph).upsertRepos(List.of(CrawlRows.Repo.builder(RepoType.MODEL, "org/m").author("org")
                .sha(KNOWN_HEAD).isPrivate(false).gated("false").disabled(false).downloads(5L).likes(0L).build()));
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow("app", "prod", "team", null,
                List.of(new InventoryStore.UseRow(RepoType.MODEL, "org/m", null, false, null, null, null)))));
        new ApprovalStore(graph).record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "org/m", APPROVED, "alice", "reviewed",
                null, Instant.now());
    }

    private MonitoredCrawl.Result crawl(String endpoint) {
        CrawlOptions o = CrawlOptions.builder(home).endpoint(endpoint).env(Map.<String, String>of()::get)
                .clock(new FakeClock()).log(m -> { }).model("org/m").author("org").build();
        try (EventLog log = EventLog.open(home.resolve("events"), List.of(), m -> { })) {
            return MonitoredCrawl.run(o, graph, CrawlListener.NONE, (hub, keys) -> new RemoteScanner(graph, hub.fileClient(),
                    hub.settings().endpoint(), Scanner.withDefaults(), 2, 1 << 20).scanPending(keys), log, Instant::now);
        }
    }

    private String failingHub(Failure f) {
        switch (f) {
            case DOWN -> {
                String url = server.url("/").toString();
                server.close();
                return url;
            }
            case ANSWERS_503 -> server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    return FakeHub.unavailable();
                }
            });
            case CLOSES_CONNECTIONS -> server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
                }
            });
        }
        return server.url("/").toString();
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aCrawlThatReadNothingFromTheHubFailsAndRaisesNoDrift(Failure failure) throws Exception {
        MonitoredCrawl.Result r = crawl(failingHub(failure));
        CrawlSummary s = r.summary();
        assertFalse(s.completed(), s.toString());
        assertEquals("FAILED", s.status());
        assertTrue(s.hubUnreachable(), s.failure());
        assertTrue(s.failure().startsWith("no repo could be read from the Hub ("), s.failure());
        assertEquals(1, s.repos());
        assertTrue(s.errors() >= 4, "the repo and the author's three listings: " + s.errors());
        assertNull(s.scan(), "no scan step against a Hub that answered nothing");
        assertEquals(List.of(), r.alerts());
        assertEquals(List.of(), new AlertStore(graph).list(null, null));
        List<JsonNode> runs = EventReader.read(home.resolve("events").resolve(EventReader.FILE_NAME), null, Ocsf.Type.CRAWL);
        assertEquals("Failure", runs.get(runs.size() - 1).get("status").asText());
        assertEquals(1, TestGraphs.count(graph, "MATCH (n:Model {id:'org/m', sha: $sha}) RETURN count(n)",
                Map.of("sha", KNOWN_HEAD)));
    }

    @Test
    void theSameWorldWithAHubThatAnswersRaisesTheAlert() {
        FakeHub hub = new FakeHub();
        hub.add(RepoType.MODEL, "org/m");
        server.setDispatcher(hub);
        MonitoredCrawl.Result r = crawl(server.url("/").toString());
        assertTrue(r.summary().completed(), r.summary().failure());
        assertFalse(r.summary().hubUnreachable());
        assertEquals(List.of("MOVED_REVISION"), r.alerts().stream().map(AlertStore.Alert::type).toList());
    }
}
