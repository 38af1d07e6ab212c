package dev.aiprov.crawler.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Availability;
import dev.aiprov.graph.RepoType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {
    private static final String TOKEN = "hf_TESTtokenNEVERprintMe0123456789";

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private final FakeHub hub = new FakeHub();
    private final FakeClock clock = new FakeClock();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private HubClient client;

    @BeforeEach
    void setUp() {
        server.setDispatcher(hub);
        client = new HubClient(HubSettings.of(server.url("/").toString()).withClock(clock).withLog(log::add));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void parsesEveryFieldOfTheRealBertInfo() {
        hub.addSample("google-bert_bert-base-uncased");
        RepoInfo info = client.repoInfo(RepoType.MODEL, "google-bert/bert-base-uncased");
        assertEquals("google-bert/bert-base-uncased", info.id());
        assertEquals("621ffdc036468d709f174338", info.hubId());
        assertEquals("google-bert", info.author());
        assertEquals("86b5e0934494bd15c9632b12f734a8a67f723594", info.sha());
        assertEquals("2024-02-19T11:06:12.000Z", info.lastModified());
        assertEquals("2022-03-02T23:29:04.000Z", info.createdAt());
        assertEquals("false", info.gated());
        assertEquals(false, info.isPrivate());
        assertEquals(false, info.disabled());
        assertEquals(72376843L, info.downloads());
        assertEquals(2065L, info.likes());
        assertEquals("apache-2.0", info.license());
        assertEquals("fill-mask", info.pipelineTag());
        assertEquals("transformers", info.libraryName());
        assertEquals(List.of("bookcorpus", "wikipedia"), info.cardDatasets());
        assertTrue(info.tags().contains("dataset:bookcorpus"));
        assertEquals(List.of(), info.baseModels());
        assertFalse(info.renamed());
    }

    @Test
    void clientsShareTheProcessConnectionPoolAndClosingOneLeavesTheNextUsable() {
        hub.addSample("google-bert_bert-base-uncased");
        HubClient other = new HubClient(HubSettings.of(server.url("/").toString()).withClock(clock));
        assertSame(client.fileClient().connectionPool(), other.fileClient().connectionPool());
        assertSame(dev.aiprov.events.SharedHttpClient.builder().build().connectionPool(), other.fileClient().connectionPool());
        other.repoInfo(RepoType.MODEL, "google-bert/bert-base-uncased");
        other.close();
        // a scheduled crawl closes its run's client and the next run's client still works
        assertEquals("google-bert", client.repoInfo(RepoType.MODEL, "google-bert/bert-base-uncased").author());
    }

    @Test
    void anInfoAskedWithIfNoneMatchFollowsARenameWithItAndA304CarriesNoBody() throws Exception {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (path.equals("/api/models/old/m")) {
                    return new MockResponse.Builder().code(307).setHeader("Location", "/api/models/org/m").build();
                }
                if ("W/\"v1\"".equals(r.getHeaders().get("If-None-Match"))) {
                    return new MockResponse.Builder().code(304).setHeader("ETag", "W/\"v1\"").build();
                }
                return new MockResponse.Builder().code(200).setHeader("ETag", "W/\"v1\"")
                        .body("{\"_id\":\"65f0\",\"id\":\"org/m\",\"sha\":\"" + "a".repeat(40) + "\"}").build();
            }
        });
        HubClient.ConditionalInfo first = client.repoInfo(RepoType.MODEL, "old/m", null);
        assertFalse(first.notModified());
        assertEquals("org/m", first.info().id());
        assertEquals("W/\"v1\"", first.etag());
        assertTrue(first.body().contains("\"sha\""));
        assertNull(server.takeRequest().getHeaders().get("If-None-Match"));
        server.takeRequest();

        HubClient.ConditionalInfo again = client.repoInfo(RepoType.MODEL, "old/m", first.etag());
        assertTrue(again.notModified());
        assertNull(again.info());
        assertEquals("W/\"v1\"", server.takeRequest().getHeaders().get("If-None-Match"));
        assertEquals("W/\"v1\"", server.takeRequest().getHeaders().get("If-None-Match"));   // the 307 hop carries it
    }

    @Test
    void readsLicenseFromTagsWhenTheCardHasNone() {
        var n = hub.add(RepoType.MODEL, "org/m");
        n.putArray("tags").add("license:mit").add("base_model:org/base");
        n.putObject("cardData").put("base_model", "org/base").put("base_model_relation", "quantized");
        RepoInfo info = client.repoInfo(RepoType.MODEL, "org/m");
        assertEquals("mit", info.license());
        assertEquals(List.of("org/base"), info.baseModels());
        assertEquals("quantized", info.baseModelRelation());
    }

    @Test
    void toleratesNullsWrongTypesAndUnknownFields() {
        var n = hub.add(RepoType.MODEL, "org/odd");
        n.putNull("author");
        n.put("downloads", "many");
        n.put("gated", "manual");
        n.put("brandNewField", 42);
        n.putObject("cardData").putNull("base_model").put("datasets", "org/one").putArray("license").add("mit").add("apache-2.0");
        n.putArray("tags").add(5).addNull().add("region:us");
        RepoInfo info = client.repoInfo(RepoType.MODEL, "org/odd");
        assertNull(info.author());
        assertNull(info.downloads());
        assertEquals("manual", info.gated());
        assertEquals(List.of("org/one"), info.cardDatasets());
        assertEquals("mit,apache-2.0", info.license());
        assertEquals(List.of("region:us"), info.tags());
    }

    @Test
    void readsSpaceSdkModelsAndDatasets() {
        var n = hub.add(RepoType.SPACE, "org/demo");
        n.putArray("models").add("org/m").add("org/m2");
        n.putArray("datasets").add("org/d");
        RepoInfo info = client.repoInfo(RepoType.SPACE, "org/demo");
        assertEquals("gradio", info.sdk());
        assertEquals(List.of("org/m", "org/m2"), info.spaceModels());
        assertEquals(List.of("org/d"), info.spaceDatasets());
    }

    @Test
    void followsTheRelative307OfARenamedRepo() throws Exception {
        hub.addSample("google-bert_bert-base-uncased");
        hub.rename(RepoType.MODEL, "bert-base-uncased", "google-bert/bert-base-uncased");
        RepoInfo info = client.repoInfo(RepoType.MODEL, "bert-base-uncased");
        assertEquals("google-bert/bert-base-uncased", info.id());
        assertEquals("bert-base-uncased", info.requestedId());
        assertTrue(info.renamed());
        assertEquals(2, client.stats().requests());
        assertEquals("/api/models/bert-base-uncased", server.takeRequest().getUrl().encodedPath());
        assertEquals("/api/models/google-bert/bert-base-uncased", server.takeRequest().getUrl().encodedPath());
    }

    @Test
    void followsLinkNextUntilTheLastPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            hub.add(RepoType.MODEL, "org/m" + i);
        }
        hub.add(RepoType.MODEL, "other/x");
        Listing<String> l = client.listIds(RepoType.MODEL, Map.of("author", "org"), 100);
        assertEquals(List.of("org/m0", "org/m1", "org/m2", "org/m3", "org/m4"), l.items());
        assertEquals(3, l.pages());
        assertFalse(l.truncated());
        RecordedRequest first = server.takeRequest();
        assertEquals("org", first.getUrl().queryParameter("author"));
        assertEquals("500", first.getUrl().queryParameter("limit"));
        assertNull(first.getUrl().queryParameter("cursor"));
        RecordedRequest second = server.takeRequest();
        assertEquals("org", second.getUrl().queryParameter("author"));
        assertTrue(second.getUrl().queryParameter("cursor") != null);
    }

    @Test
    void stopsAListingAtItsCap() {
        for (int i = 0; i < 5; i++) {
            hub.add(RepoType.MODEL, "org/m" + i);
        }
        Listing<String> l = client.listIds(RepoType.MODEL, Map.of("author", "org"), 3);
        assertEquals(3, l.items().size());
        assertTrue(l.truncated());
        assertEquals(2, l.pages());
    }

    @Test
    void doesNotFollowANextLinkToAnotherHost() {
        hub.add(RepoType.MODEL, "org/m0");
        hub.fault("/api/models", new MockResponse.Builder().code(200).setHeader("Link",
                "<https://evil.example/api/models?cursor=x>; rel=\"next\"").body("[{\"_id\":\"1\",\"id\":\"org/m0\"}]").build());
        Listing<String> l = client.listIds(RepoType.MODEL, Map.of("author", "org"), 100);
        assertEquals(List.of("org/m0"), l.items());
        assertTrue(l.truncated());
        assertEquals(1, client.stats().requests());
    }

    @Test
    void readsAPaginatedTreeWithLfsShaBlobIdAndSecurityStatus() {
        hub.add(RepoType.MODEL, "org/m");
        hub.tree(RepoType.MODEL, "org/m").add(FakeHub.file("tokenizer.json", 2000, null));
        String sha = hub.info(RepoType.MODEL, "org/m").get("sha").asText();
        Listing<TreeEntry> tree = client.tree(RepoType.MODEL, "org/m", sha, 1000);
        assertEquals(3, tree.items().size());
        assertEquals(2, tree.pages());
        TreeEntry weights = tree.items().get(1);
        assertEquals("model.safetensors", weights.path());
        assertEquals(77691713L, weights.size());
        assertEquals("be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21", weights.sha256());
        assertEquals(40, weights.blobId().length());
        assertEquals("safe", weights.securityStatus());
        assertNull(tree.items().get(0).sha256());
    }

    @Test
    void readsCommitsNewestFirstUpToTheCap() {
        hub.add(RepoType.MODEL, "org/m");
        for (int i = 0; i < 5; i++) {
            hub.bump(RepoType.MODEL, "org/m");
        }
        String sha = hub.info(RepoType.MODEL, "org/m").get("sha").asText();
        Listing<CommitInfo> commits = client.commits(RepoType.MODEL, "org/m", sha, 3);
        assertEquals(3, commits.items().size());
        assertEquals(sha, commits.items().get(0).sha());
        assertEquals("bump", commits.items().get(0).title());
        assertEquals("2025-01-01T00:00:00.000Z", commits.items().get(0).date());
    }

    @Test
    void waitsTheRateLimitResetPlusOneSecondOn429() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", FakeHub.tooManyRequests("\"api\";r=0;t=3", "60"));
        assertEquals("org/m", client.repoInfo(RepoType.MODEL, "org/m").id());
        assertEquals(List.of(4000L), clock.sleeps());
        assertEquals(2, client.stats().requests());
        assertEquals(1, client.stats().retries());
    }

    @Test
    void waitsRetryAfterSecondsOn429WithoutRateLimit() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", FakeHub.tooManyRequests(null, "7"));
        client.repoInfo(RepoType.MODEL, "org/m");
        assertEquals(List.of(7000L), clock.sleeps());
    }

    @Test
    void anExhaustedBucketOnASuccessDelaysTheNextRequest() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", new MockResponse.Builder().code(200).setHeader("RateLimit", "\"api\";r=0;t=5")
                .body(hub.info(RepoType.MODEL, "org/m").toString()).build());
        client.repoInfo(RepoType.MODEL, "org/m");
        assertEquals(List.of(), clock.sleeps());
        client.repoInfo(RepoType.MODEL, "org/m");
        assertEquals(List.of(6000L), clock.sleeps());
        assertEquals(0, client.stats().retries());
    }

    @Test
    void retries503WithCappedExponentialBackoffAndJitter() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", FakeHub.unavailable(), FakeHub.unavailable(), FakeHub.unavailable(),
                FakeHub.unavailable(), FakeHub.unavailable());
        assertEquals("org/m", client.repoInfo(RepoType.MODEL, "org/m").id());
        List<Long> s = clock.sleeps();
        assertEquals(5, s.size());
        long[] ceilings = {1000, 2000, 4000, 8000, 8000};
        for (int i = 0; i < 5; i++) {
            assertTrue(s.get(i) >= ceilings[i] / 2 && s.get(i) <= ceilings[i], "sleep " + i + " = " + s.get(i));
        }
        assertEquals(5, client.stats().retries());
        assertEquals(6, client.stats().requests());
    }

    @Test
    void givesUpAfterFiveRetriesAsATypedError() {
        hub.add(RepoType.MODEL, "org/m");
        for (int i = 0; i < 6; i++) {
            hub.fault("/api/models/org/m", new MockResponse.Builder().code(502).body("bad gateway").build());
        }
        HubException e = assertThrows(HubException.class, () -> client.repoInfo(RepoType.MODEL, "org/m"));
        assertEquals(Availability.ERROR, e.availability());
        assertEquals(502, e.status());
        assertEquals(6, client.stats().requests());
        assertEquals(5, client.stats().retries());
    }

    @Test
    void retriesAReadTimeout() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());
        try (HubClient fast = new HubClient(HubSettings.of(server.url("/").toString()).withClock(clock)
                .withLog(log::add).withReadTimeout(Duration.ofMillis(200)))) {
            assertEquals("org/m", fast.repoInfo(RepoType.MODEL, "org/m").id());
            assertEquals(1, fast.stats().retries());
        }
        assertTrue(log.stream().anyMatch(m -> m.contains("SocketTimeoutException")), log.toString());
    }

    @Test
    void mapsHubErrorCodesToAvailability() {
        hub.error(RepoType.MODEL, "org/missing", 404, "RepoNotFound", "Repository not found");
        hub.error(RepoType.MODEL, "org/private", 401, "RepoNotFound", "Invalid username or password.");
        hub.error(RepoType.MODEL, "org/gated", 403, "GatedRepo", "Access to model org/gated is restricted.");
        hub.error(RepoType.MODEL, "org/disabled", 403, null, "Access to this resource is disabled.");
        hub.error(RepoType.MODEL, "org/teapot", 418, null, null);
        assertEquals(Availability.MISSING, failure("org/missing").availability());
        assertEquals(Availability.PRIVATE, failure("org/private").availability());
        assertEquals(Availability.GATED, failure("org/gated").availability());
        assertEquals(Availability.DISABLED, failure("org/disabled").availability());
        assertEquals(Availability.ERROR, failure("org/teapot").availability());
        assertTrue(failure("org/gated").detail().contains("403 GatedRepo: Access to model org/gated is restricted."));
        assertEquals(Availability.MISSING, failure("org/never-added").availability());
    }

    @Test
    void aRejectedTokenStopsInsteadOfBeingRecorded() {
        hub.error(RepoType.MODEL, "org/m", 401, null, "Invalid credentials in Authorization header");
        assertThrows(InvalidTokenException.class, () -> client.repoInfo(RepoType.MODEL, "org/m"));
    }

    @Test
    void resolvesAdapterConfigAndReportsAGatedFile() {
        hub.add(RepoType.MODEL, "org/lora");
        hub.addAdapterConfig("org/lora", "org/base");
        hub.add(RepoType.MODEL, "org/gated");
        hub.addAdapterConfig("org/gated", "org/base");
        hub.resolveError(RepoType.MODEL, "org/gated", 401, "GatedRepo", "Access to model org/gated is restricted.");
        String sha = hub.info(RepoType.MODEL, "org/lora").get("sha").asText();
        assertEquals("org/base", client.resolveJson(RepoType.MODEL, "org/lora", sha, "adapter_config.json", 1 << 20)
                .orElseThrow().get("base_model_name_or_path").asText());
        assertTrue(client.resolveJson(RepoType.MODEL, "org/lora", sha, "nope.json", 1 << 20).isEmpty());
        HubException e = assertThrows(HubException.class,
                () -> client.resolveJson(RepoType.MODEL, "org/gated", "main", "adapter_config.json", 1 << 20));
        assertEquals(Availability.GATED, e.availability());
    }

    @Test
    void sendsTheHfTokenAndUserAgentToHfEndpoint(@TempDir Path home) throws Exception {
        hub.add(RepoType.MODEL, "org/m");
        Map<String, String> env = Map.of("HF_ENDPOINT", server.url("/").toString(), "HF_TOKEN", TOKEN);
        try (HubClient c = new HubClient(HubSettings.resolve(null, null, env::get, home).withClock(clock))) {
            c.repoInfo(RepoType.MODEL, "org/m");
        }
        RecordedRequest r = server.takeRequest();
        assertEquals("Bearer " + TOKEN, r.getHeaders().get("Authorization"));
        assertEquals("aiprov/" + HubSettings.VERSION, r.getHeaders().get("User-Agent"));
    }

    @Test
    void looksUpTheTokenInOptionThenEnvThenHfHome(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tok"), "hf_fromFile\n");
        Path hfHome = Files.createDirectories(dir.resolve("hfhome"));
        Files.writeString(hfHome.resolve("token"), "hf_fromHfHome");
        Path userHome = Files.createDirectories(dir.resolve("user"));
        Files.createDirectories(userHome.resolve(".cache/huggingface"));
        Files.writeString(userHome.resolve(".cache/huggingface/token"), "hf_fromDefaultHome");
        Map<String, String> all = Map.of("HF_TOKEN", "hf_fromEnv", "HF_HOME", hfHome.toString());
        assertEquals("hf_fromFile", HubSettings.resolve(null, file, all::get, userHome).token().value());
        assertEquals("hf_fromEnv", HubSettings.resolve(null, null, all::get, userHome).token().value());
        assertEquals("hf_legacy", HubSettings.resolve(null, null, Map.of("HUGGING_FACE_HUB_TOKEN", "hf_legacy")::get,
                userHome).token().value());
        assertEquals("hf_fromHfHome", HubSettings.resolve(null, null, Map.of("HF_HOME", hfHome.toString())::get,
                userHome).token().value());
        assertEquals("hf_fromDefaultHome", HubSettings.resolve(null, null, Map.<String, String>of()::get, userHome)
                .token().value());
        assertNull(HubSettings.resolve(null, null, Map.<String, String>of()::get, dir.resolve("nobody")).token());
        assertEquals("https://huggingface.co", HubSettings.resolve(null, null, Map.<String, String>of()::get, dir).endpoint());
        assertEquals("https://mirror.example", HubSettings.resolve("https://mirror.example/", null,
                Map.of("HF_ENDPOINT", "https://other.example")::get, dir).endpoint());
    }

    @Test
    void neverPutsTheTokenInMessagesLogsOrToString(@TempDir Path home) {
        hub.error(RepoType.MODEL, "org/gated", 403, "GatedRepo", "Access to model org/gated is restricted.");
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", FakeHub.unavailable(), FakeHub.tooManyRequests("\"api\";r=0;t=1", null));
        HubSettings s = HubSettings.resolve(server.url("/").toString(), null, Map.of("HF_TOKEN", TOKEN)::get, home)
                .withClock(clock).withLog(log::add);
        try (HubClient c = new HubClient(s)) {
            HubException e = assertThrows(HubException.class, () -> c.repoInfo(RepoType.MODEL, "org/gated"));
            c.repoInfo(RepoType.MODEL, "org/m");
            assertFalse(e.getMessage().contains(TOKEN));
            assertFalse(e.toString().contains(TOKEN));
        }
        assertEquals(2, log.size());
        log.forEach(m -> assertFalse(m.contains(TOKEN), m));
        assertFalse(s.toString().contains(TOKEN));
        assertFalse(s.token().toString().contains(TOKEN));
        assertTrue(s.toString().contains("HF_TOKEN"));
    }

    @Test
    void neverSendsTheTokenToAnotherHost(@TempDir Path home) throws Exception {
        try (MockWebServer cdn = new MockWebServer()) {
            cdn.start();
            cdn.enqueue(new MockResponse.Builder().code(200).body("{\"base_model_name_or_path\":\"org/base\"}").build());
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(302).setHeader("Location", cdn.url("/blob").toString()).build();
                }
            });
            HubSettings s = HubSettings.resolve(server.url("/").toString(), null, Map.of("HF_TOKEN", TOKEN)::get, home)
                    .withClock(clock);
            try (HubClient c = new HubClient(s)) {
                assertEquals("org/base", c.resolveJson(RepoType.MODEL, "org/m", "main", "adapter_config.json", 1000)
                        .orElseThrow().get("base_model_name_or_path").asText());
            }
            assertEquals("Bearer " + TOKEN, server.takeRequest().getHeaders().get("Authorization"));
            assertNull(cdn.takeRequest().getHeaders().get("Authorization"));
        }
    }

    private HubException failure(String id) {
        return assertThrows(HubException.class, () -> client.repoInfo(RepoType.MODEL, id));
    }
}
