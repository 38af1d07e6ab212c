package dev.aiprov.crawler.job;

import static dev.aiprov.graph.TestGraphs.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.TestGraphs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl killed with SIGKILL mid-chunk (another JVM) resumes on the next run and loses nothing. While
 * it hangs, a crawl of the same seeds into another graph (same $AIPROV_HOME) runs beside it: restart
 * state belongs to its graph, so that crawl neither waits for the other's lock nor resumes its job.
 */
class KilledCrawlTest {
    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    /** {@code jobRepositoryUrl} null: the default H2 file under {@code home}. */
    static CrawlOptions.Builder options(Path home, String endpoint, String jobRepositoryUrl) {
        return CrawlOptions.builder(home).endpoint(endpoint).model("me/lora").batchSize(2).log(m -> { })
                .jobRepositoryUrl(jobRepositoryUrl);
    }

    @Test
    void resumesACrawlKilledMidChunkAndLosesNothing() throws Exception {
        killAndResume(server, dir, null);
    }

    /** Crawls in a child JVM that is SIGKILLed in its third chunk, then resumes here with the same job repository. */
    static void killAndResume(MockWebServer server, Path dir, String jobRepositoryUrl) throws Exception {
        FakeHub hub = World.lineage(new FakeHub());
        server.setDispatcher(hub);
        Path home = dir.resolve("home");
        Path graphDir = dir.resolve("g");
        Path marker = dir.resolve("marker");
        String endpoint = server.url("/").toString();

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("--enable-native")).toList());
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), KilledCrawlChild.class.getName(),
                endpoint, home.toString(), graphDir.toString(), marker.toString(), jobRepositoryUrl == null ? "" : jobRepositoryUrl));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);   // a hang guard: a loaded machine can take minutes
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(marker), () -> "child never reached chunk 3: " + readLog(dir));
            assertTrue(hub.requests().size() >= 12);
            if (jobRepositoryUrl == null) {   // restart state per graph: a crawl into another graph runs beside it
                try (Graph other = TestGraphs.embedded(dir.resolve("other"))) {
                    CrawlSummary beside = CrawlRunner.run(options(home, endpoint, null).env(Map.<String, String>of()::get).build(),
                            other, CrawlListener.NONE);
                    assertEquals("COMPLETED", beside.status(), beside.failure());
                    assertFalse(beside.resumed(), "the other graph's unfinished crawl is not this one");
                    assertEquals(9, beside.repos());
                    assertEquals(7, count(other, "MATCH (n:Model) RETURN count(n)"));
                }
                assertTrue(child.isAlive(), () -> readLog(dir));
            }
        } finally {
            child.destroyForcibly();   // SIGKILL: no shutdown hooks, the job execution stays STARTED
            child.waitFor(1, TimeUnit.MINUTES);
        }
        hub.clearRequests();

        try (Graph graph = TestGraphs.embedded(graphDir)) {
            CrawlSummary s = CrawlRunner.run(options(home, endpoint, jobRepositoryUrl).env(Map.<String, String>of()::get).build(), graph,
                    CrawlListener.NONE);
            assertEquals("COMPLETED", s.status(), s.failure());
            assertTrue(s.resumed());
            assertEquals(7, s.repos(), "chunks 1 and 2 ([me/lora], [org/chat]) committed before the kill; the 7 others are done now");
            assertEquals(0, hub.count("/api/models/me/lora"));
            assertEquals(7, count(graph, "MATCH (n:Model) RETURN count(n)"));
            assertEquals(2, count(graph, "MATCH (n:Dataset) RETURN count(n)"));
            assertEquals(8, count(graph, "MATCH ()-[e:DERIVED_FROM]->() RETURN count(e)"));
            assertEquals(16, count(graph, "MATCH (f:File) RETURN count(f)"));
            assertEquals(14, count(graph, "MATCH (v:Revision) WHERE v.title IS NOT NULL RETURN count(v)"));
            assertEquals(0, count(graph, "MATCH (n:Repo) WHERE n.unresolved RETURN count(n)"));
        }
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
