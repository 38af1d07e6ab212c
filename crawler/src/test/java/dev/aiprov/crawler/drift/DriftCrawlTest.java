package dev.aiprov.crawler.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.events.EventLog;
import dev.aiprov.events.EventReader;
import dev.aiprov.events.Ocsf;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.fake.GraphSnapshot;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.scan.RemoteScanner;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.RepoType;
import dev.aiprov.scanner.Scanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two crawls of the organisation's dependencies over a fake Hub, the second after upstream changes:
 * what each costs in requests, which alerts it raises, and the events it writes.
 */
class DriftCrawlTest extends EmbeddedGraphTest {
    /** The installation key of these tests, for the keyed hash of leaked values. */
    static final byte[] HASH_KEY = "aiprov-test-secret-hash-key-0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub();
    private final List<String> warnings = new ArrayList<>();
    static final String TOKEN = token();

    static String token() {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("hf_");
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < 34; i++) sb.append(letters.charAt(r.nextInt(letters.length())));
        return sb.toString();
    }

    private String sha(String id) {
        return hub.info(RepoType.MODEL, id).get("sha").asText();
    }

    @BeforeEach
    void world() {
        server.setDispatcher(hub);
        for (String id : List.of("org/follow", "org/pinned", "org/reused", "org/history", "org/deleted", "org/same",
                "org/leaky", "g00gle/bert-base-uncsaed", "google-bert/bert-base-uncased")) {
            hub.add(RepoType.MODEL, id);
        }
        hub.info(RepoType.MODEL, "google-bert/bert-base-uncased").put("downloads", 50_000_000);
        List<InventoryStore.UseRow> uses = List.of(
                use("org/follow", null), use("org/pinned", sha("org/pinned")), use("org/reused", null),
                use("org/history", sha("org/history")), use("org/deleted", sha("org/deleted")), use("org/same", null),
                use("org/leaky", null), use("g00gle/bert-base-uncsaed", null));
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow("app", "prod", "team", null, uses)));
    }

    private static InventoryStore.UseRow use(String id, String rev) {
        return new InventoryStore.UseRow(RepoType.MODEL, id, rev, rev != null, null, null, null);
    }

    private MonitoredCrawl.Result crawl(Path events, boolean scan) {
        CrawlOptions.Builder b = CrawlOptions.builder(home).endpoint(server.url("/").toString())
                .env(Map.<String, String>of()::get).log(l -> { });
        new InventoryStore(graph).artifactsInUse().forEach(a -> b.model(a.id()));
        b.model("google-bert/bert-base-uncased");
        CrawlRunner.ScanPhase phase = !scan ? null : (client, keys) -> new RemoteScanner(graph, client.fileClient(),
                client.settings().endpoint(), Scanner.withDefaults().withSecretHashKey(HASH_KEY), 2, 1 << 20).scanPending(keys);
        try (EventLog log = EventLog.open(events, List.of(), warnings::add)) {
            return MonitoredCrawl.run(b.build(), graph, CrawlListener.NONE, phase, log, Instant::now);
        }
    }

    private static Map<String, List<String>> byType(List<AlertStore.Alert> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(AlertStore.Alert::type,
                Collectors.mapping(AlertStore.Alert::artifact, Collectors.toList())));
    }

    @Test
    void aUsedRepoThatBecomesGatedOrChangesItsGateRaisesAnAlertOnce() {
        hub.info(RepoType.MODEL, "org/leaky").put("gated", "auto");
        MonitoredCrawl.Result first = crawl(home.resolve("events"), false);
        assertTrue(first.summary().completed(), first.summary().failure());
        assertFalse(byType(first.alerts()).containsKey("GATING_CHANGED"), "first sight is not a change");

        // gating is a setting: the head sha does not move
        hub.info(RepoType.MODEL, "org/same").put("gated", "manual");
        hub.info(RepoType.MODEL, "org/leaky").put("gated", "manual");
        MonitoredCrawl.Result second = crawl(home.resolve("events"), false);

        assertTrue(second.summary().completed(), second.summary().failure());
        List<AlertStore.Alert> gating = second.alerts().stream().filter(a -> a.type().equals("GATING_CHANGED"))
                .sorted(java.util.Comparator.comparing(AlertStore.Alert::artifact)).toList();
        assertEquals(List.of("model:org/leaky", "model:org/same"), gating.stream().map(AlertStore.Alert::artifact).toList());
        assertEquals("high", gating.get(0).severity());
        assertTrue(gating.get(0).message().contains("changed its gating from auto to manual"), gating.get(0).message());
        assertTrue(gating.get(1).message().contains("is now gated (manual)"), gating.get(1).message());
        assertEquals(List.of(), crawl(home.resolve("events"), false).alerts());
    }

    @Test
    void aRecrawlCostsOneRequestPerUnchangedRepoAndRaisesDriftAlertsOnlyWhereUpstreamChanged() throws Exception {
        Path events = home.resolve("events");
        MonitoredCrawl.Result first = crawl(events, false);
        assertTrue(first.summary().completed(), first.summary().failure());
        // first sight: only the look-alike name is an alert
        assertEquals(Map.of("LOOKALIKE_NAME", List.of("model:g00gle/bert-base-uncsaed")), byType(first.alerts()));

        String oldHistory = sha("org/history");
        hub.bump(RepoType.MODEL, "org/follow");
        hub.bump(RepoType.MODEL, "org/pinned");
        hub.info(RepoType.MODEL, "org/reused").put("_id", "65f0000000000000000000aa").put("createdAt", "2025-06-01T00:00:00.000Z")
                .put("author", "squatter");
        hub.dropCommit(RepoType.MODEL, "org/history", oldHistory);
        hub.error(RepoType.MODEL, "org/deleted", 404, "RepoNotFound", "Repository not found");
        hub.clearRequests();

        MonitoredCrawl.Result second = crawl(events, false);
        assertTrue(second.summary().completed(), second.summary().failure());
        // unchanged repos cost no request of their own: the 7 used org/* models come from org's listing
        // (org/reused, no longer org's, and org/deleted are not listed and are asked for by id)
        assertEquals(0, hub.requests().stream().filter(r -> r.getUrl().encodedPath().startsWith("/api/models/org/same")).count());
        assertEquals(1, hub.count("/api/models/org/reused"));
        assertEquals(5, second.summary().unchanged());   // same, leaky, the look-alike, bert, reused (same sha)
        Map<String, List<String>> got = byType(second.alerts());
        assertEquals(List.of("model:org/follow"), got.get("MOVED_REVISION"));   // not org/pinned: pinned
        assertEquals(List.of("model:org/reused"), got.get("NAMESPACE_REUSE"));
        assertEquals(List.of("model:org/deleted", "model:org/history"), got.get("VANISHED_UPSTREAM").stream().sorted().toList());
        assertFalse(got.containsKey("LOOKALIKE_NAME"), "raised once, not again");
        // the pinned revision check costs one request, for the repo whose head moved and whose pin is gone
        assertEquals(1, hub.requests().stream().filter(r -> r.getUrl().encodedPath().contains("/revision/")
                && r.getUrl().encodedPath().startsWith("/api/models/org/history/")).count());
        AlertStore.Alert reuse = second.alerts().stream().filter(a -> a.type().equals("NAMESPACE_REUSE")).findFirst().orElseThrow();
        assertEquals("critical", reuse.severity());
        assertTrue(reuse.message().contains("author org -> squatter"), reuse.message());

        // a third crawl with nothing changed raises nothing new
        assertEquals(List.of(), crawl(events, false).alerts());
        assertEquals(5, new AlertStore(graph).list(null, null).size());   // look-alike, moved, reuse, 2 vanished

        List<JsonNode> alertEvents = EventReader.read(events.resolve(EventReader.FILE_NAME), null, Ocsf.Type.ALERT);
        assertEquals(5, alertEvents.size());
        JsonNode moved = alertEvents.stream().filter(e -> e.path("finding_info").path("title").asText().equals("MOVED_REVISION"))
                .findFirst().orElseThrow();
        assertEquals(2004, moved.get("class_uid").asInt());
        assertEquals(2, moved.get("category_uid").asInt());
        assertEquals(200401, moved.get("type_uid").asLong());
        assertEquals(3, moved.get("severity_id").asInt());
        assertEquals("aiprov", moved.path("metadata").path("product").path("name").asText());
        assertEquals("model:org/follow", moved.path("resources").get(0).path("uid").asText());
        assertEquals("deployment:app", moved.path("resources").get(1).path("uid").asText());
        assertEquals(3, EventReader.read(events.resolve(EventReader.FILE_NAME), null, Ocsf.Type.CRAWL).size());
    }

    @Test
    void aSecretFirstSeenInACrawlIsANewSecretAlertAndNeverInClearInAnEvent() throws Exception {
        Path events = home.resolve("events");
        assertTrue(crawl(events, true).summary().completed());
        hub.bump(RepoType.MODEL, "org/leaky");
        hub.putFile(RepoType.MODEL, "org/leaky", "train.py", "from huggingface_hub import login\nlogin(token=\"" + TOKEN + "\")\n");
        MonitoredCrawl.Result second = crawl(events, true);
        assertTrue(second.summary().completed(), second.summary().failure());
        Map<String, List<String>> got = byType(second.alerts());
        assertEquals(List.of("model:org/leaky"), got.get("NEW_SECRET"), second.alerts().toString());
        assertTrue(got.get("NEW_FINDING").contains("model:org/leaky"));
        String text = Files.readString(events.resolve(EventReader.FILE_NAME));
        assertFalse(text.contains(TOKEN), "secret in clear in the event record");
        assertFalse(text.contains(TOKEN.substring(3, 30)));
        List<JsonNode> findings = EventReader.read(events.resolve(EventReader.FILE_NAME), null, Ocsf.Type.FINDING);
        JsonNode leak = findings.stream().filter(e -> e.path("unmapped").has("secret_sha256")).findFirst().orElseThrow();
        assertEquals(2004, leak.get("class_uid").asInt());
        // the keyed hash of this installation, never the plain SHA-256 that a copied record could be guessed against
        assertEquals(dev.aiprov.scanner.secrets.SecretsDetector.keyedHash(HASH_KEY, TOKEN), leak.path("unmapped").path("secret_sha256").asText());
        assertFalse(text.contains(dev.aiprov.scanner.Sha256.hex(TOKEN)), "unkeyed hash of the secret in the event record");
        // judged and unjudged files are events too (README.md and the weights are not served: not judged)
        List<JsonNode> files = EventReader.read(events.resolve(EventReader.FILE_NAME), null, Ocsf.Type.FILE_SCANNED);
        assertTrue(files.stream().anyMatch(e -> e.path("file").path("path").asText().equals("train.py")
                && e.get("activity_id").asInt() == 2 && e.get("class_uid").asInt() == 6007));
        assertTrue(files.stream().anyMatch(e -> e.get("activity_id").asInt() == 6 && e.get("status").asText().equals("Failure")));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
