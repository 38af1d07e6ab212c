package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.TestGraphs;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code crawl} takes from the command line: repo ids, author names and the token command. */
class CrawlInputsTest {
    private static final String SECRET = "hf_CLIcommandNEVERprintMe87654321";

    @TempDir
    Path dir;
    final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun crawl(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--graph", dir.resolve("g").toString(), "crawl",
                "--endpoint", server.url("/").toString(), "--no-progress", "--no-scan",
                "--job-repository", "jdbc:h2:file:" + dir.resolve("jobs")));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void aBadRepoIdIsAUsageErrorAndNothingIsRequestedOrStored() {
        for (String[] bad : List.of(new String[] {"--model", "../../etc"}, new String[] {"--model", "org/.."},
                new String[] {"--dataset", "%2e%2e/%2e%2e"}, new String[] {"--space", "org\\name"},
                new String[] {"--model", "org/na\u0007me"}, new String[] {"--model", "org/" + "x".repeat(300)},
                new String[] {"--author", "../etc"})) {
            CliRun r = crawl(bad);
            assertEquals(2, r.exit(), String.join(" ", bad) + ": " + r.err());
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("aiprov: Invalid value for option '" + bad[0] + "'"), r.err());
            assertTrue(first.contains("not a repo id") || first.contains("not a user or organisation name")
                    || first.contains("too long"), first);
            assertFalse(r.err().contains("\u0007") || r.err().contains("\tat "), r.err());
        }
        assertEquals(0, server.getRequestCount());
        assertFalse(Files.exists(dir.resolve("g")), "the graph was not even started");
    }

    @Test
    void theTokenCommandRunsOnceAndItsTokenIsSentButNeverPrinted() throws Exception {
        Path counter = dir.resolve("runs");
        for (int i = 0; i < 20; i++) {
            server.enqueue(new MockResponse.Builder().code(404).setHeader("X-Error-Code", "RepoNotFound")
                    .body("{\"error\":\"Repository not found\"}").build());
        }
        CliRun r = crawl("--model", "org/x", "--token-command", "echo run >> '" + counter + "'; printf '%s\\n' " + SECRET);
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, Files.readAllLines(counter).size());
        assertTrue(server.getRequestCount() > 0);
        assertEquals("Bearer " + SECRET, server.takeRequest().getHeaders().get("Authorization"));
        assertFalse((r.out() + r.err()).contains(SECRET), r.out() + r.err());
    }

    @Test
    void aFailingTokenCommandIsAOneLineUsageErrorWithoutItsOutput() {
        CliRun r = crawl("--model", "org/x", "--token-command", "echo " + SECRET + "; echo " + SECRET + " >&2; exit 5");
        assertEquals(2, r.exit(), r.err());
        assertEquals("aiprov: error: --token-command failed with exit code 5 (its output is not shown)", r.err().strip());
        assertFalse((r.out() + r.err()).contains(SECRET));
        assertEquals(0, server.getRequestCount());
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("g")))) {
            assertEquals(0, TestGraphs.count(g, "MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n)"));
        }
    }
}
