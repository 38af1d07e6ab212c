package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** alerts, events, --events on the acting commands, and crawl --schedule, end to end through the CLI. */
class DriftCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;
    final MockWebServer server = new MockWebServer();

    @org.junit.jupiter.api.BeforeEach
    void start() throws Exception {
        server.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        server.close();
    }

    String graph() {
        return dir.resolve("graph").toString();
    }

    Path manifest(String body) throws Exception {
        Path m = dir.resolve("aiprov.yaml");
        Files.writeString(m, body);
        return m;
    }

    @Test
    void aLookAlikeIsFlaggedAtImportAndEveryActingCommandLeavesEventsEvenWhenTheWebhookIsDown() throws Exception {
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("graph")))) {
            new CrawlStore(g).upsertRepos(List.of(CrawlRows.Repo.builder(RepoType.MODEL, "google-bert/bert-base-uncased")
                    .hubId("x1").author("google-bert").sha("a".repeat(40)).isPrivate(false).gated("false").disabled(false)
                    .downloads(50_000_000L).likes(2000L).license("apache-2.0").build()));
        }
        Path m = manifest("""
                deployments:
                  - name: app
                    uses:
                      - model: g00gle-bert/bert-base-uncsaed
                        revision: %s
                """.formatted(SHA));
        for (int i = 0; i < 3; i++) server.enqueue(new MockResponse.Builder().code(503).build());
        String hook = server.url("/hook").toString();

        CliRun imp = CliRun.of("--graph", graph(), "inventory", "import", m.toString(), "--events", hook);
        assertEquals(0, imp.exit(), imp.err());
        assertTrue(imp.err().contains("alert: high LOOKALIKE_NAME used repo g00gle-bert/bert-base-uncsaed"), imp.err());
        assertEquals(1, imp.err().lines().filter(l -> l.contains("warning: events: http://")).count(), imp.err());
        assertTrue(imp.err().contains("HTTP 503"), imp.err());

        CliRun alerts = CliRun.of("--graph", graph(), "alerts", "--format", "json", "--type", "lookalike_name");
        assertEquals(0, alerts.exit(), alerts.err());
        JsonNode a = JSON.readTree(alerts.out());
        assertEquals(1, a.size());
        assertEquals("model:g00gle-bert/bert-base-uncsaed", a.get(0).get("artifact").asText());
        assertEquals("model:google-bert/bert-base-uncased", a.get(0).get("details").get("lookalikeOf").asText());
        assertEquals(1, a.get(0).get("details").get("distance").asInt());
        assertEquals(0, JSON.readTree(CliRun.of("--graph", graph(), "alerts", "--format", "json", "--type", "new_secret").out()).size());
        assertEquals(2, CliRun.of("--graph", graph(), "alerts", "--type", "bogus").exit());

        CliRun ap = CliRun.of("--graph", graph(), "approve", "model:g00gle-bert/bert-base-uncsaed@" + SHA, "--by", "alice",
                "--reason", "looked fine", "--events", hook);
        assertEquals(0, ap.exit(), ap.err());
        assertTrue(ap.err().contains("warning: events: http://"), ap.err());

        Path out = dir.resolve("policy-events.jsonl");
        CliRun policy = CliRun.of("--graph", graph(), "policy", "check", "--events", "file:" + out);
        assertEquals(1, policy.exit(), policy.out());   // never scanned
        List<JsonNode> decisions = Files.readAllLines(out).stream().map(DriftCommandsTest::parse).toList();
        assertTrue(decisions.stream().anyMatch(e -> e.get("class_uid").asInt() == 2003
                && e.path("compliance").path("control").asText().equals("NOT_SCANNED")
                && e.path("compliance").path("status").asText().equals("Fail")), decisions.toString());
        JsonNode overall = decisions.get(decisions.size() - 1);
        assertEquals("policy check", overall.path("finding_info").path("title").asText());
        assertEquals(200301, overall.get("type_uid").asLong());

        CliRun events = CliRun.of("--graph", graph(), "events", "--format", "json");
        assertEquals(0, events.exit(), events.err());
        JsonNode all = JSON.readTree(events.out());
        assertTrue(all.isArray());
        List<String> types = new java.util.ArrayList<>();
        all.forEach(e -> types.add(e.path("metadata").path("event_code").asText()));
        assertEquals(List.of("inventory", "alert", "approval"), types.subList(0, 3));
        assertEquals(decisions.size() + 3, all.size());
        assertTrue(Files.exists(dir.resolve("events").resolve("events.jsonl")));
        JsonNode approval = JSON.readTree(CliRun.of("--graph", graph(), "events", "--type", "approval", "--format", "json").out());
        assertEquals(1, approval.size());
        assertEquals(3004, approval.get(0).get("class_uid").asInt());
        CliRun text = CliRun.of("--graph", graph(), "events", "--type", "alert");
        assertTrue(text.out().contains("  alert  High  used repo g00gle-bert/bert-base-uncsaed"), text.out());
        assertEquals(2, CliRun.of("--graph", graph(), "events", "--type", "nope").exit());
        assertEquals(2, CliRun.of("--graph", graph(), "approve", "model:a/b@" + SHA, "--by", "x", "--reason", "y",
                "--events", "ftp://x").exit());
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void aScheduledCrawlSurvivesAFailedRunAndEmitsTheRunsAsEvents() throws Exception {
        AtomicInteger infos = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (path.equals("/api/models/org/m")) {
                    if (infos.incrementAndGet() == 1) {
                        return new MockResponse.Builder().code(401).setHeader("X-Error-Message",
                                "Invalid credentials in Authorization header").build();
                    }
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"_id\":\"65f0\",\"id\":\"org/m\",\"author\":\"org\",\"sha\":\"" + SHA
                                    + "\",\"downloads\":5,\"tags\":[],\"cardData\":{}}").build();
                }
                if (path.startsWith("/api/models/org/m/")) {
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("[]").build();
                }
                return new MockResponse.Builder().code(404).setHeader("X-Error-Code", "RepoNotFound").build();
            }
        });
        Path m = manifest("""
                deployments:
                  - name: app
                    uses:
                      - model: org/m
                """);
        assertEquals(0, CliRun.of("--graph", graph(), "inventory", "import", m.toString()).exit());
        CliRun crawl = CliRun.of("--graph", graph(), "crawl", "--from-inventory", "--no-scan", "--no-progress",
                "--endpoint", server.url("/").toString(), "--job-repository", "jdbc:h2:file:" + dir.resolve("jobs"),
                "--schedule", "* * * * * *", "--schedule-runs", "2");
        assertEquals(0, crawl.exit(), crawl.err());
        assertTrue(crawl.err().contains("run 1 failed"), crawl.err());
        assertTrue(crawl.err().contains("schedule ended after 2 runs (1 failed)"), crawl.err());
        assertTrue(crawl.out().contains("crawl completed"), crawl.out());
        JsonNode runs = JSON.readTree(CliRun.of("--graph", graph(), "events", "--type", "crawl", "--format", "json").out());
        assertEquals(2, runs.size());
        assertEquals("Failure", runs.get(0).get("status").asText());
        assertEquals(600706, runs.get(0).get("type_uid").asLong());
        assertEquals(600702, runs.get(1).get("type_uid").asLong());
        assertFalse(crawl.err().contains("Exception\n\tat"), crawl.err());
        assertEquals(2, CliRun.of("--graph", graph(), "crawl", "--from-inventory", "--schedule", "every day").exit());
    }
}
