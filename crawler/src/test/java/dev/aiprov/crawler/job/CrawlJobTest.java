package dev.aiprov.crawler.job;

import static dev.aiprov.graph.TestGraphs.count;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.fake.FakeClock;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.fake.GraphSnapshot;
import dev.aiprov.crawler.job.internal.Databases;
import dev.aiprov.crawler.job.internal.Frontier;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlJobTest extends EmbeddedGraphTest {
    private static final String TOKEN = "hf_CRAWLtokenNEVERprintMe987654321";

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub();
    private final FakeClock clock = new FakeClock();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server.setDispatcher(hub);
    }

    private CrawlOptions.Builder options() {
        return CrawlOptions.builder(home).endpoint(server.url("/").toString()).clock(clock).log(log::add)
                .env(Map.<String, String>of()::get);
    }

    private long q(String cypher) {
        return count(graph, cypher);
    }

    private String relation(String child, String parent) {
        try (var s = graph.driver().session()) {
            var r = s.run("MATCH (:Model {id:$c})-[e:DERIVED_FROM]->(:Model {id:$p}) RETURN e.relation AS rel, e.sources AS src",
                    Map.of("c", child, "p", parent)).single();
            return r.get("rel").asString() + " " + r.get("src").asList();
        }
    }

    private String status(String label, String id) {
        try (var s = graph.driver().session()) {
            return s.run("MATCH (n:" + label + " {id:$id}) RETURN n.status AS s", Map.of("id", id)).single().get("s").asString();
        }
    }

    @Test
    void crawlsEveryLineageFormIntoTheGraph() {
        World.lineage(hub);
        hub.fault("/api/models/org/base", FakeHub.tooManyRequests("\"api\";r=0;t=2", null));
        hub.fault("/api/models/org/a/tree/", FakeHub.unavailable(), FakeHub.unavailable());
        RecordingListener progress = new RecordingListener();

        CrawlSummary s = CrawlRunner.run(options().model("me/lora").batchSize(3).build(), graph, progress);

        assertEquals("COMPLETED", s.status(), s.failure());
        assertEquals(9, s.repos());
        assertEquals(2, s.unavailable());
        assertEquals(0, s.errors());
        assertEquals(16, s.files());
        assertEquals(14, s.revisions());
        assertEquals(hub.requests().size(), s.requests());
        assertEquals(30, s.requests());
        assertEquals(3, s.retries());
        assertEquals(3000L, clock.sleeps().get(0));

        assertEquals(7, q("MATCH (n:Model) RETURN count(n)"));
        assertEquals(2, q("MATCH (n:Dataset) RETURN count(n)"));
        assertEquals(0, q("MATCH (n:Repo) WHERE n.unresolved RETURN count(n)"));
        assertEquals(8, q("MATCH (:Model)-[e:DERIVED_FROM]->(:Model) RETURN count(e)"));
        assertEquals("adapter [adapter_config]", relation("me/lora", "org/chat"));
        assertEquals("finetune [cardData]", relation("org/chat", "org/base"));
        assertEquals("merge [cardData]", relation("org/base", "org/a"));
        assertEquals("merge [cardData]", relation("org/base", "org/b"));
        assertEquals("quantized [cardData]", relation("org/a", "org/root"));
        assertEquals("finetune [tags]", relation("org/b", "org/root"));
        assertEquals("finetune [cardData]", relation("org/root", "org/b"));
        assertEquals("finetune [cardData]", relation("org/root", "org/deleted"));
        assertEquals(0, q("MATCH (n)-[e:DERIVED_FROM]->(n) RETURN count(e)"));
        assertEquals(2, q("MATCH (:Model {id:'org/chat'})-[e:TRAINED_ON {source:'cardData'}]->(:Dataset) RETURN count(e)"));

        assertEquals("missing", status("Model", "org/deleted"));
        assertEquals("disabled", status("Dataset", "org/off-data"));
        assertEquals("ok", status("Model", "org/base"));
        assertEquals(1, q("MATCH (n:Model {id:'org/base', gated:'manual'}) RETURN count(n)"));
        assertEquals(1, q("MATCH (n:Model {id:'org/base'}) WHERE n.statusDetail CONTAINS 'adapter_config.json: gated' RETURN count(n)"));
        assertEquals(1, q("MATCH (n:Model {id:'org/chat', license:'mit'}) RETURN count(n)"));
        assertEquals(7, q("""
                MATCH (r:Repo)-[:HAS_REVISION]->(v:Revision)-[:HAS_FILE]->(f:File {path:'README.md'})
                WHERE v.sha = r.sha RETURN count(f)"""));
        assertEquals(1, q("""
                MATCH (:Model {id:'me/lora'})-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(f:File {path:'model.safetensors'})
                WHERE f.sha256 = 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21'
                  AND f.hubSecurityStatus = 'safe' AND f.size = 77691713 RETURN count(f)"""));

        assertEquals(0, progress.started);
        assertEquals(9, progress.lastDone);
        assertEquals(9, progress.lastKnown);
        assertEquals(9, progress.repos.size());
        assertEquals(s, progress.finished);
    }

    @Test
    void stopsAtTheLineageDepthLeavingAncestorsUnresolved() {
        World.lineage(hub);
        CrawlSummary s = CrawlRunner.run(options().model("me/lora").lineageDepth(1).build(), graph, CrawlListener.NONE);
        assertEquals(2, s.repos());
        assertEquals(0, q("MATCH (n:Repo {id:'me/lora'}) WHERE n.unresolved RETURN count(n)"));
        assertEquals(0, q("MATCH (n:Repo {id:'org/chat'}) WHERE n.unresolved RETURN count(n)"));
        assertEquals(1, q("MATCH (n:Model {id:'org/base', unresolved:true}) RETURN count(n)"));
        assertEquals(2, q("MATCH (n:Dataset {unresolved:true}) RETURN count(n)"));
        assertEquals(0, hub.count("/api/models/org/base"));
    }

    @Test
    void aSecondCrawlCreatesNothingAndSkipsUnchangedRepos() throws Exception {
        World.lineage(hub);
        CrawlSummary first = CrawlRunner.run(options().model("me/lora").build(), graph, CrawlListener.NONE);
        long[] totals = TestGraphs.totals(graph);
        List<String> snapshot = GraphSnapshot.of(graph);
        hub.clearRequests();

        CrawlSummary second = CrawlRunner.run(options().model("me/lora").build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", second.status());
        assertFalse(second.resumed());
        assertNotEquals(first.jobExecutionId(), second.jobExecutionId());
        assertArrayEquals(totals, TestGraphs.totals(graph));
        assertEquals(snapshot, GraphSnapshot.of(graph));
        assertEquals(World.OK_REPOS, second.unchanged());
        assertEquals(9, second.requests());
        assertEquals(0, hub.count("/api/models/me/lora/tree"));
        assertEquals(2, jobInstances());

        hub.bump(RepoType.MODEL, "org/b");
        CrawlSummary third = CrawlRunner.run(options().model("me/lora").build(), graph, CrawlListener.NONE);
        assertEquals(World.OK_REPOS - 1, third.unchanged());
        assertEquals(1, q("MATCH (:Model {id:'org/b'})-[:HAS_REVISION]->(v:Revision {title:'bump'}) RETURN count(v)"));
    }

    @Test
    void resumesAfterAFailureAndEndsEqualToACleanRun(@TempDir Path cleanHome) throws Exception {
        World.lineage(hub);
        CrawlSummary clean = CrawlRunner.run(CrawlOptions.builder(cleanHome).endpoint(server.url("/").toString())
                .clock(clock).log(log::add).env(Map.<String, String>of()::get).model("me/lora").batchSize(2).build(),
                graph, CrawlListener.NONE);
        assertEquals("COMPLETED", clean.status());
        List<String> expected = GraphSnapshot.of(graph);
        GraphSnapshot.clear(graph);

        CrawlSummary failed = CrawlRunner.run(options().model("me/lora").batchSize(2).failAt(5L).build(), graph,
                CrawlListener.NONE);
        assertEquals("FAILED", failed.status());
        assertTrue(failed.failure().contains("failAt=5"), failed.failure());
        assertEquals(4, failed.repos());
        hub.clearRequests();

        CrawlSummary resumed = CrawlRunner.run(options().model("me/lora").batchSize(2).build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", resumed.status(), resumed.failure());
        assertTrue(resumed.resumed());
        assertEquals(5, resumed.repos());
        assertEquals(0, hub.count("/api/models/me/lora"));
        assertEquals(expected, GraphSnapshot.of(graph));
        assertEquals(1, jobInstances());
    }

    @Test
    void resumesAnExecutionLeftStartedByAKilledProcess() throws Exception {
        World.lineage(hub);
        CrawlSummary failed = CrawlRunner.run(options().model("me/lora").batchSize(2).failAt(5L).build(), graph,
                CrawlListener.NONE);
        assertEquals("FAILED", failed.status());
        // what kill -9 leaves behind: the execution and its step still STARTED, no end time
        try (Connection c = DriverManager.getConnection(CrawlOptions.builder(home).model("x").build().effectiveJobRepositoryUrl(graph.describe()), "sa", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE BATCH_JOB_EXECUTION SET STATUS='STARTED', EXIT_CODE='UNKNOWN', END_TIME=NULL");
            st.executeUpdate("UPDATE BATCH_STEP_EXECUTION SET STATUS='STARTED', EXIT_CODE='EXECUTING', END_TIME=NULL WHERE STATUS='FAILED'");
        }
        CrawlSummary resumed = CrawlRunner.run(options().model("me/lora").batchSize(2).build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", resumed.status(), resumed.failure());
        assertTrue(resumed.resumed());
        assertEquals(5, resumed.repos());
        assertEquals(7, q("MATCH (n:Model) RETURN count(n)"));
        assertEquals(1, jobInstances());
        try (Connection c = DriverManager.getConnection(CrawlOptions.builder(home).model("x").build().effectiveJobRepositoryUrl(graph.describe()), "sa", "");
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID")) {
            rs.next();
            assertEquals("FAILED", rs.getString(1));
            rs.next();
            assertEquals("COMPLETED", rs.getString(1));
        }
    }

    @Test
    void expandsAnAuthorAcrossPagesAndFollowsDescendants() {
        for (int i = 0; i < 5; i++) {
            hub.add(RepoType.MODEL, "acme/m" + i);
        }
        hub.add(RepoType.DATASET, "acme/data");
        hub.add(RepoType.SPACE, "acme/demo").putArray("models").add("acme/m0").add("other/used");
        hub.add(RepoType.MODEL, "other/used");
        hub.add(RepoType.MODEL, "fans/child").putArray("tags").add("base_model:acme/m1").add("base_model:adapter:acme/m1");
        hub.add(RepoType.MODEL, "fans/grandchild").putArray("tags").add("base_model:fans/child").add("base_model:quantized:fans/child");
        hub.add(RepoType.MODEL, "fans/unrelated");

        CrawlSummary s = CrawlRunner.run(options().author("acme").descendants(true).build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", s.status(), s.failure());
        assertEquals(10, s.repos());
        assertEquals(5, hub.requests().stream().filter(r -> "acme".equals(r.getUrl().queryParameter("author"))).count());
        assertEquals(List.of("base_model:acme/m0", "base_model:acme/m1", "base_model:acme/m2", "base_model:acme/m3",
                        "base_model:acme/m4", "base_model:fans/child", "base_model:fans/grandchild"),
                hub.requests().stream().map(r -> r.getUrl().queryParameter("filter")).filter(f -> f != null).sorted().toList());
        assertEquals("adapter [tags]", relation("fans/child", "acme/m1"));
        assertEquals("quantized [tags]", relation("fans/grandchild", "fans/child"));
        assertEquals(2, q("MATCH (:Space {id:'acme/demo'})-[:USES]->(m:Model) WHERE NOT m.unresolved RETURN count(m)"));
        assertEquals(0, q("MATCH (n:Model {id:'fans/unrelated'}) RETURN count(n)"));
        assertEquals(0, q("MATCH (n:Repo) WHERE n.unresolved RETURN count(n)"));
    }

    @Test
    void honoursHfEndpointAndHfTokenAndFollowsARename() throws Exception {
        hub.addSample("google-bert_bert-base-uncased");
        hub.rename(RepoType.MODEL, "bert-base-uncased", "google-bert/bert-base-uncased");
        hub.add(RepoType.SPACE, "someone/app").putArray("models").add("bert-base-uncased");
        hub.add(RepoType.DATASET, "bookcorpus");
        hub.add(RepoType.DATASET, "wikipedia");
        hub.fault("/api/spaces/someone/app", FakeHub.unavailable());
        Map<String, String> env = Map.of("HF_ENDPOINT", server.url("/").toString(), "HF_TOKEN", TOKEN);

        CrawlSummary s = CrawlRunner.run(CrawlOptions.builder(home).clock(clock).log(log::add).env(env::get)
                .space("someone/app").build(), graph, CrawlListener.NONE);

        assertEquals("COMPLETED", s.status(), s.failure());
        assertTrue(hub.requests().stream().allMatch(r -> ("Bearer " + TOKEN).equals(r.getHeaders().get("Authorization"))));
        assertFalse(log.isEmpty());
        log.forEach(m -> assertFalse(m.contains(TOKEN), m));
        assertEquals("ok", status("Model", "google-bert/bert-base-uncased"));
        assertEquals("renamed", status("Model", "bert-base-uncased"));
        assertEquals(1, q("MATCH (:Model {id:'bert-base-uncased'})-[:RENAMED_TO]->(:Model {id:'google-bert/bert-base-uncased', status:'ok'}) RETURN count(*)"));
        assertEquals(2, q("MATCH (:Model {id:'google-bert/bert-base-uncased'})-[:TRAINED_ON]->(d:Dataset {status:'ok'}) RETURN count(d)"));
        assertEquals(1, hub.count("/api/models/bert-base-uncased"));
        assertNull(s.failure());
    }

    @Test
    void recordsGatedPrivateAndMissingSeedsWithoutFailing() {
        hub.add(RepoType.MODEL, "meta/gated").put("gated", "manual");
        hub.error(RepoType.MODEL, "corp/private", 401, "RepoNotFound", "Repository not found");
        hub.error(RepoType.MODEL, "gone/missing", 404, "RepoNotFound", "Repository not found");
        hub.error(RepoType.MODEL, "flaky/down", 500, null, null);
        for (int i = 0; i < 6; i++) {
            hub.fault("/api/models/flaky/down", FakeHub.unavailable());
        }
        CrawlSummary s = CrawlRunner.run(options().model("meta/gated").model("corp/private").model("gone/missing")
                .model("flaky/down").build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", s.status());
        assertEquals(4, s.repos());
        assertEquals(2, s.unavailable());
        assertEquals(1, s.errors());
        assertEquals("ok", status("Model", "meta/gated"));
        assertEquals("private", status("Model", "corp/private"));
        assertEquals("missing", status("Model", "gone/missing"));
        assertEquals("error", status("Model", "flaky/down"));
        assertEquals(1, q("MATCH (n:Model {id:'gone/missing'}) WHERE n.statusDetail CONTAINS '404 RepoNotFound' RETURN count(n)"));
    }

    @Test
    void stopsOnARejectedTokenAndResumesOnceFixed() {
        hub.add(RepoType.MODEL, "org/m");
        hub.fault("/api/models/org/m", FakeHub.errorResponseForTest(401, null, "Invalid credentials in Authorization header"));
        CrawlSummary s = CrawlRunner.run(options().model("org/m").build(), graph, CrawlListener.NONE);
        assertEquals("FAILED", s.status());
        assertTrue(s.failure().contains("InvalidTokenException"), s.failure());
        CrawlSummary again = CrawlRunner.run(options().model("org/m").build(), graph, CrawlListener.NONE);
        assertEquals("COMPLETED", again.status());
        assertTrue(again.resumed());
        assertEquals("ok", status("Model", "org/m"));
    }

    @Test
    void restartStateLivesInAnEmbeddedGraphsDirectoryOrIsKeyedByTheServersUri() {
        Path aiprovHome = Path.of("/h");
        assertEquals(Path.of("/g/one/crawl"), CrawlOptions.stateDirFor(GraphConfig.embedded(Path.of("/g/one")), aiprovHome));
        Path a = CrawlOptions.stateDirFor(GraphConfig.server("neo4j://a:7687", "neo4j", "pw"), aiprovHome);
        Path b = CrawlOptions.stateDirFor(GraphConfig.server("neo4j://b:7687", "neo4j", "pw"), aiprovHome);
        assertEquals(aiprovHome.resolve("crawl"), a.getParent());
        assertNotEquals(a, b);
        assertFalse(a.toString().contains("pw"));
        CrawlOptions o = options().model("x").build();
        assertNotEquals(o.effectiveJobRepositoryUrl("embedded Neo4j at /g/one"), o.effectiveJobRepositoryUrl("embedded Neo4j at /g/two"));
        assertNotEquals(o.legacyJobRepositoryUrl(), o.effectiveJobRepositoryUrl(graph.describe()));
    }

    @Test
    void theFirstCrawlIntoAGraphTakesItsRepoStatesFromTheSharedFileOfEarlierVersions() throws Exception {
        hub.add(RepoType.MODEL, "org/solo");
        String sha = hub.info(RepoType.MODEL, "org/solo").get("sha").asText();
        CrawlOptions o = options().model("org/solo").build();
        javax.sql.DataSource legacy = Databases.open(o.legacyJobRepositoryUrl(), null, null);
        try {
            Frontier f = new Frontier(legacy);
            f.createSchema();
            f.saveState(graph.describe(), RepoType.MODEL, "org/solo", new Frontier.RepoState(sha, false, null));
            f.saveState("embedded Neo4j at /another/graph", RepoType.MODEL, "org/other", new Frontier.RepoState(sha, false, null));
        } finally {
            Databases.close(legacy);
        }
        CrawlSummary s = CrawlRunner.run(o, graph, CrawlListener.NONE);
        assertEquals("COMPLETED", s.status(), s.failure());
        assertEquals(1, s.unchanged());   // no tree and commits read again after the upgrade
        assertEquals(0, hub.count("/api/models/org/solo/tree"));
        assertTrue(java.nio.file.Files.exists(o.effectiveStateDir(graph.describe()).resolve("jobs.mv.db")));
        assertTrue(log.stream().anyMatch(l -> l.contains("1 repo states of this graph taken over")), log.toString());
    }

    private long jobInstances() throws Exception {
        try (Connection c = DriverManager.getConnection(CrawlOptions.builder(home).model("x").build().effectiveJobRepositoryUrl(graph.describe()), "sa", "");
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static final class RecordingListener implements CrawlListener {
        long started = -1;
        long lastDone;
        long lastKnown;
        final List<String> repos = new CopyOnWriteArrayList<>();
        CrawlSummary finished;

        @Override
        public void started(long done, long known) {
            started = done;
        }

        @Override
        public void repoDone(RepoType type, String id, String status) {
            repos.add(id + "=" + status);
        }

        @Override
        public void progress(long done, long known) {
            lastDone = done;
            lastKnown = known;
        }

        @Override
        public void finished(CrawlSummary summary) {
            finished = summary;
        }
    }

    @SuppressWarnings("unused")
    private static MockResponse unused() {
        return null;
    }
}
