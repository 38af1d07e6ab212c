package dev.aiprov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crawl commands; {@code aiprov demo} itself runs in the bench module's DemoCommandTest (it needs aiprov-dev.jar). */
class DemoAndCrawlCommandTest {
    @TempDir
    static Path dir;

    static String previousHome;

    @BeforeAll
    static void home() {
        previousHome = System.setProperty("aiprov.home", dir.resolve("home").toString());
    }

    @AfterAll
    static void restore() {
        if (previousHome == null) System.clearProperty("aiprov.home");
        else System.setProperty("aiprov.home", previousHome);
    }

    @Test
    void demoAndBenchWithoutTheDevJarSayHowToBuildItInOneLine() {
        // the cli's test class path has no aiprov-dev.jar (module bench); the demo itself is tested there
        String graph = dir.resolve("no-dev-graph").toString();
        for (String[] args : List.of(new String[]{"--graph", graph, "demo", "--no-progress"}, new String[]{"bench", "crawl"})) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exit(), run.out() + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("aiprov-dev.jar") && run.err().contains("mvn -B -q package -DskipTests"), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void anUnreachableHubIsAFailedCrawlThatNeitherReportsCompletionNorRaisesDrift() throws Exception {
        Path g2 = dir.resolve("g2");
        // an earlier crawl saw org/m at one head; the deployment follows main and is approved at another revision
        try (Graph g = Graph.open(GraphConfig.embedded(g2))) {
            new CrawlStore(g).upsertRepos(List.of(CrawlRows.Repo.builder(RepoType.MODEL, "org/m").author("org")
                    .sha("b".repeat(40)).isPrivate(false).gated("false").disabled(false).downloads(5L).likes(0L).build()));
        }
        Path manifest = dir.resolve("unreachable.yaml");
        Files.writeString(manifest, "deployments:\n  - name: app\n    uses:\n      - model: org/m\n");
        assertEquals(0, CliRun.of("--graph", g2.toString(), "inventory", "import", manifest.toString()).exit());
        assertEquals(0, CliRun.of("--graph", g2.toString(), "approve", "model:org/m@" + "a".repeat(40), "--by", "alice",
                "--reason", "reviewed").exit());

        CliRun r = CliRun.of("--graph", g2.toString(), "crawl", "--from-inventory", "--endpoint", "http://127.0.0.1:9",
                "--no-progress");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("completed"), r.out());
        assertTrue(r.out().startsWith("crawl failed in "), r.out());
        assertTrue(r.err().contains("aiprov: error: no repo could be read from the Hub"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRun alerts = CliRun.of("--graph", g2.toString(), "alerts", "--format", "json");
        assertEquals(0, alerts.exit(), alerts.err());
        assertEquals(0, new ObjectMapper().readTree(alerts.out()).size(), alerts.out());   // no MOVED_REVISION from a crawl that read nothing
    }

    @Test
    void crawlWithoutSeedsIsAUsageError() {
        CliRun r = CliRun.of("--graph", dir.resolve("g3").toString(), "crawl");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no seeds"), r.err());
    }
}
