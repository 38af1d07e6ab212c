package dev.aiprov.bench;

import dev.aiprov.bench.crawl.CrawlBenchmark;
import dev.aiprov.bench.crawl.RemoteScanBenchmark;
import dev.aiprov.bench.graph.GraphWriteBenchmark;
import dev.aiprov.bench.graph.QueryBenchmark;
import dev.aiprov.bench.scanner.FormatsBenchmark;
import dev.aiprov.bench.scanner.ScannerBenchmark;
import dev.aiprov.bench.scanner.SecretsBenchmark;
import dev.aiprov.cli.DevTools;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** What aiprov-dev.jar gives the CLI ({@link DevTools}, found by ServiceLoader): the benchmarks and the demo's Hub. */
public final class Benchmarks implements DevTools {
    @Override
    public void bench(String name, PrintStream out, Path dir, int models, int batch) throws Exception {
        switch (name) {
            case "graph" -> GraphWriteBenchmark.run(out, dir, models, batch);
            case "queries" -> QueryBenchmark.run(out, dir, models, batch, 200);
            case "scanner" -> ScannerBenchmark.run(out, dir);
            case "formats" -> FormatsBenchmark.run(out, dir);
            case "secrets" -> SecretsBenchmark.run(out, dir);
            case "crawl" -> {
                try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("crawl-graph")))) {
                    CrawlBenchmark.run(out, dir, g);
                }
            }
            case "crawlscan" -> {
                try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("crawlscan-graph")))) {
                    RemoteScanBenchmark.run(out, dir, g, Math.min(models, 1000), 2L << 30);
                }
            }
            default -> throw new IllegalArgumentException("no benchmark " + name);
        }
    }

    @Override
    public Hub demoHub() throws IOException {
        FakeHub hub = FakeHub.demo();
        String endpoint = hub.start();
        return new Hub() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                hub.close();
            }
        };
    }
}
