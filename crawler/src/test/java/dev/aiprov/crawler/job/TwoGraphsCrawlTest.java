package dev.aiprov.crawler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two crawls into two graphs started at once in one JVM: each keeps its restart state in its own
 * graph's directory (as {@code crawl --graph DIR} sets it), and the second waits for the first
 * instead of sharing Spring Batch's process-wide step registry with it (both job repositories number
 * their executions from 1). Two processes crawl two graphs side by side: {@link KilledCrawlTest}.
 */
class TwoGraphsCrawlTest {
    static final int MODELS = 120;

    @TempDir
    Path home;
    @TempDir
    Path graphs;

    @Test
    void twoCrawlsIntoTwoGraphsStartedAtOnceInOneJvmBothCompleteAndEachResumesItsOwn() throws Exception {
        try (FakeHub hub = new FakeHub().addLineageTree("org", MODELS)) {
            String endpoint = hub.start();
            Path dirA = graphs.resolve("a");
            Path dirB = graphs.resolve("b");
            CountDownLatch bothRunning = new CountDownLatch(2);
            AtomicBoolean overlapped = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (Graph a = TestGraphs.embedded(dirA); Graph b = TestGraphs.embedded(dirB)) {
                List<Future<CrawlSummary>> runs = List.of(
                        pool.submit(() -> crawl(endpoint, dirA, a, bothRunning, overlapped)),
                        pool.submit(() -> crawl(endpoint, dirB, b, bothRunning, overlapped)));
                for (Future<CrawlSummary> run : runs) {
                    CrawlSummary s = run.get(5, TimeUnit.MINUTES);
                    assertEquals("COMPLETED", s.status(), s.failure());
                    assertEquals(MODELS, s.repos());
                }
                assertTrue(!overlapped.get(), "in one JVM the second crawl starts after the first finished");
                assertEquals(MODELS, TestGraphs.count(a, "MATCH (m:Model) RETURN count(m)"));
                assertEquals(MODELS, TestGraphs.count(b, "MATCH (m:Model) RETURN count(m)"));
                assertEquals(MODELS - 1, TestGraphs.count(b, "MATCH (:Model)-[d:DERIVED_FROM]->(:Model) RETURN count(d)"));
                assertTrue(Files.exists(dirA.resolve("graph").resolve("crawl").resolve("jobs.mv.db")));
                assertTrue(Files.exists(dirB.resolve("graph").resolve("crawl").resolve("jobs.mv.db")));
                assertTrue(Files.notExists(home.resolve("crawl")), "no state shared between graphs under AIPROV_HOME");

                // run again: each graph's own state says every repo is unchanged
                CrawlSummary again = crawl(endpoint, dirA, a, new CountDownLatch(0), overlapped);
                assertEquals(MODELS, again.unchanged());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private CrawlSummary crawl(String endpoint, Path dir, Graph graph, CountDownLatch bothRunning, AtomicBoolean overlapped) {
        CrawlOptions options = CrawlOptions.builder(home).endpoint(endpoint).author("org").batchSize(10)
                .stateDir(CrawlOptions.stateDirFor(GraphConfig.embedded(dir.resolve("graph")), home))   // as crawl --graph does
                .env(Map.<String, String>of()::get).log(m -> { }).build();
        return CrawlRunner.run(options, graph, new CrawlListener() {
            boolean first = true;

            @Override
            public void progress(long done, long known) {
                if (first) {
                    first = false;
                    bothRunning.countDown();
                }
            }

            @Override
            public void finished(CrawlSummary summary) {
                // false when this crawl ended before the other wrote its first chunk (they ran one after the other)
                if (bothRunning.getCount() > 0) overlapped.set(false);
            }
        });
    }
}
