package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The README's first command: the real crawl job and scan step against the bundled replay Hub. */
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
    void demoCrawlsScansAndAnswersAndASecondRunReusesEverything() throws Exception {
        String graph = dir.resolve("graph").toString();
        CliRun first = CliRun.of("--graph", graph, "demo", "--no-progress");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("crawl completed"), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("demo-org/support-gguf") && l.contains("quantized")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("examples/cache.pkl") && l.contains("critical")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.contains("README.md") && l.contains("SECRET_HUGGINGFACE_TOKEN")), first.out());

        CliRun q = CliRun.of("--graph", graph, "query", "--format", "json",
                "MATCH (a:Model {id:'demo-org/bert-support-lora'})-[e:DERIVED_FROM]->(b) RETURN b.id AS base, e.relation AS rel, e.sources AS sources");
        JsonNode rows = new ObjectMapper().readTree(q.out());
        assertEquals("demo-org/bert-support-classifier", rows.get(0).get("base").asText());
        assertEquals("adapter", rows.get(0).get("rel").asText());
        assertEquals("adapter_config", rows.get(0).get("sources").get(0).asText());

        CliRun again = CliRun.of("--graph", graph, "demo", "--no-progress");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("0 contents scanned"), again.out());

        CliRun findings = CliRun.of("--graph", graph, "findings", "--severity", "high", "--format", "json");
        JsonNode f = new ObjectMapper().readTree(findings.out());
        assertEquals(2, f.get("findings").size(), findings.out());
        assertFalse(findings.out().contains("hf_") && findings.out().matches("(?s).*hf_[A-Za-z]{34}.*"), "token in clear");
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
