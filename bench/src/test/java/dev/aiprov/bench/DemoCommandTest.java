package dev.aiprov.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command: the real crawl job and scan step against the demo's fake Hub (recorded
 * responses), which the CLI finds through DevTools on this module's class path, as it finds
 * aiprov-dev.jar beside aiprov.jar.
 */
class DemoCommandTest {
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

    record Run(int exit, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Test
    void demoCrawlsScansAndAnswersAndASecondRunReusesEverything() throws Exception {
        String graph = dir.resolve("graph").toString();
        Run first = Run.of("--graph", graph, "demo", "--no-progress");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("crawl completed"), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("demo-org/support-gguf") && l.contains("quantized")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("examples/cache.pkl") && l.contains("critical")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("README.md") && l.contains("SECRET_HUGGINGFACE_TOKEN")), first.out());

        Run q = Run.of("--graph", graph, "query", "--format", "json",
                "MATCH (a:Model {id:'demo-org/bert-support-lora'})-[e:DERIVED_FROM]->(b) RETURN b.id AS base, e.relation AS rel, e.sources AS sources");
        JsonNode rows = new ObjectMapper().readTree(q.out());
        assertEquals("demo-org/bert-support-classifier", rows.get(0).get("base").asText());
        assertEquals("adapter", rows.get(0).get("rel").asText());
        assertEquals("adapter_config", rows.get(0).get("sources").get(0).asText());

        Run again = Run.of("--graph", graph, "demo", "--no-progress");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("0 contents scanned"), again.out());

        Run findings = Run.of("--graph", graph, "findings", "--severity", "high", "--format", "json");
        JsonNode f = new ObjectMapper().readTree(findings.out());
        assertEquals(2, f.get("findings").size(), findings.out());
        assertFalse(findings.out().contains("hf_") && findings.out().matches("(?s).*hf_[A-Za-z]{34}.*"), "token in clear");
    }
}
