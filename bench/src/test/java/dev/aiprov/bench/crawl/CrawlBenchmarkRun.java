package dev.aiprov.bench.crawl;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.TestGraphs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark only on request: {@code mvn -pl bench -am test -Dtest=CrawlBenchmarkRun -Dsurefire.failIfNoSpecifiedTests=false -Daiprov.bench=true}. */
@EnabledIfSystemProperty(named = "aiprov.bench", matches = "true")
class CrawlBenchmarkRun {
    @Test
    void printsCrawlFigures(@TempDir Path dir) {
        try (Graph graph = TestGraphs.embedded(dir)) {
            CrawlBenchmark.run(System.out, dir.resolve("work"), graph);
        }
    }
}
