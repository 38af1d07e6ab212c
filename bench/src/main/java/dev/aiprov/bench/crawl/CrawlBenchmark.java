package dev.aiprov.bench.crawl;

import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSink;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crawl throughput against a synthetic Hub on localhost (the fake Hub, no network): an author
 * with {@link #REPOS} models forming a binary lineage tree (model i derives from model (i-1)/2),
 * three files and two commits each, lists paginated by {@code Link} and expanded with {@code expand=}
 * as the real Hub does ({@link FakeHub#addLineageTree}); info answers carry an {@code ETag} and answer
 * 304 to a matching {@code If-None-Match}. Prints HTTP requests per crawled repo (listing pages
 * included) and repos/s for a first crawl and a re-crawl (unchanged shas): full (with the tree and
 * commits a scan step needs), {@code --no-scan}, and {@code --no-scan} from {@link #BY_ID} models
 * seeded by id (an inventory) with their lineage.
 */
public final class CrawlBenchmark {
    public static final int REPOS = 2_000;
    public static final int LIST_PAGE = 500;
    /** Models seeded by id in the by-id rows: every 20th. */
    public static final int BY_ID = 100;

    private CrawlBenchmark() {
    }

    public static void run(PrintStream out, Path workDir, Graph graph) {
        try (FakeHub hub = new FakeHub().pageSize(LIST_PAGE).keepRequests(false).addLineageTree("bench", REPOS)) {
            String endpoint = hub.start();
            Served served = new Served(hub);
            CrawlOptions options = CrawlOptions.builder(workDir).endpoint(endpoint).author("bench").batchSize(50)
                    .env(Map.<String, String>of()::get).log(m -> { }).build();
            out.printf(Locale.ROOT, "crawl benchmark: synthetic hub, %d models (binary lineage tree), 3 files + 2 commits each, batch %d%n",
                    REPOS, options.batchSize());
            TimedSink sink = new TimedSink(CrawlSink.of(new CrawlStore(graph)));
            report(out, "first crawl", CrawlRunner.run(options, sink, graph.describe(), CrawlListener.NONE), served.next(), sink);
            report(out, "re-crawl (unchanged)", CrawlRunner.run(options, sink, graph.describe(), CrawlListener.NONE),
                    served.next(), sink);
            // --no-scan (no scan step): no tree, and commits only of repos seeded by id; keeps its own
            // repo state, so its first run is a first crawl even after the full crawls above
            CrawlOptions metadata = options.toBuilder().metadataOnly(true).build();
            report(out, "--no-scan first crawl", CrawlRunner.run(metadata, sink, graph.describe(), CrawlListener.NONE),
                    served.next(), sink);
            report(out, "--no-scan re-crawl", CrawlRunner.run(metadata, sink, graph.describe(), CrawlListener.NONE),
                    served.next(), sink);
            // an inventory: models seeded by id, their lineage parents reached by id (state of its own)
            CrawlOptions.Builder inventory = CrawlOptions.builder(workDir).endpoint(endpoint).batchSize(50).metadataOnly(true)
                    .stateDir(workDir.resolve("by-id-state")).env(Map.<String, String>of()::get).log(m -> { });
            for (int i = 0; i < REPOS; i += REPOS / BY_ID) {
                inventory.model("bench/m" + i);
            }
            CrawlOptions byId = inventory.build();
            report(out, "--no-scan by id, first", CrawlRunner.run(byId, sink, graph.describe(), CrawlListener.NONE),
                    served.next(), sink);
            report(out, "--no-scan by id, again", CrawlRunner.run(byId, sink, graph.describe(), CrawlListener.NONE),
                    served.next(), sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests the Hub served since the last call. */
    private static final class Served {
        private final FakeHub hub;
        private long seen;

        Served(FakeHub hub) {
            this.hub = hub;
        }

        long next() {
            long now = hub.requestCount();
            long n = now - seen;
            seen = now;
            return n;
        }
    }

    private static void report(PrintStream out, String label, CrawlSummary s, long served, TimedSink sink) {
        double seconds = s.elapsed().toNanos() / 1e9;
        double graphSeconds = sink.nanos.getAndSet(0) / 1e9;
        out.printf(Locale.ROOT, "  %-22s %s: %d repos, %d files, %d revisions, %d requests (%d served), %.2f requests/repo, "
                        + "%.1f s (graph writes %.1f s), %.0f repos/s%n",
                label, s.status(), s.repos(), s.files(), s.revisions(), s.requests(), served,
                (double) s.requests() / Math.max(1, s.repos()), seconds, graphSeconds, s.repos() / seconds);
    }

    /** Measures the time spent in graph writes. */
    private static final class TimedSink implements CrawlSink {
        final AtomicLong nanos = new AtomicLong();
        private final CrawlSink delegate;

        TimedSink(CrawlSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(CrawlRows.Batch batch) {
            long t = System.nanoTime();
            delegate.write(batch);
            nanos.addAndGet(System.nanoTime() - t);
        }
    }
}
