package dev.aiprov.crawler.job;

import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a separate JVM by {@link KilledCrawlTest}: crawls into an embedded graph and, in the third
 * chunk, after the graph write but before the chunk's JDBC commit, creates a marker file and hangs
 * until the parent kills it with SIGKILL.
 */
public final class KilledCrawlChild {
    private KilledCrawlChild() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path home = Path.of(args[1]);
        Path graphDir = Path.of(args[2]);
        Path marker = Path.of(args[3]);
        try (Graph graph = TestGraphs.embedded(graphDir)) {
            CrawlSink store = CrawlSink.of(new CrawlStore(graph));
            int[] chunks = {0};
            CrawlSink hanging = batch -> {
                store.write(batch);
                if (++chunks[0] == 3) {
                    try {
                        Files.writeString(marker, "written");
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            String jobRepositoryUrl = args.length > 4 && !args[4].isEmpty() ? args[4] : null;
            CrawlRunner.run(KilledCrawlTest.options(home, endpoint, jobRepositoryUrl).env(Map.<String, String>of()::get).build(), hanging,
                    graph.describe(), CrawlListener.NONE);
        }
    }
}
