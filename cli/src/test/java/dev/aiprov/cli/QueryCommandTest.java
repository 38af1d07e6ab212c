package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryCommandTest {
    @TempDir
    static Path dir;
    static String graphDir;

    @BeforeAll
    static void seed() {
        graphDir = dir.resolve("g").toString();
        try (Graph g = Graph.open(GraphConfig.embedded(Path.of(graphDir)))) {
            CrawlStore s = new CrawlStore(g);
            s.upsertRepos(List.of(
                    CrawlRows.Repo.builder(RepoType.MODEL, "org/a").author("org").sha("a".repeat(40)).isPrivate(false)
                            .gated("false").disabled(false).downloads(10L).likes(1L).license("mit").build(),
                    CrawlRows.Repo.builder(RepoType.MODEL, "org/b").author("org").sha("b".repeat(40)).isPrivate(false)
                            .gated("manual").disabled(false).downloads(20L).likes(2L).license("mit").build()));
            s.upsertLineage(List.of(new CrawlRows.Lineage("org/b", "org/a", "finetune", "cardData")));
        }
    }

    @Test
    void graphOptionWorksBeforeAndAfterTheSubcommand() {
        CliRun before = CliRun.of("--graph", graphDir, "query", "MATCH (m:Model) RETURN count(m) AS models");
        CliRun after = CliRun.of("query", "--graph", graphDir, "MATCH (m:Model) RETURN count(m) AS models");
        assertEquals(0, before.exit(), before.err());
        assertEquals(0, after.exit(), after.err());
        assertTrue(before.out().contains("models"));
        assertTrue(before.out().lines().anyMatch(l -> l.trim().equals("2")), before.out());
        assertEquals(before.out(), after.out());
    }

    @Test
    void jsonFormatPrintsOneObjectPerRowKeyedByColumn() throws Exception {
        CliRun r = CliRun.of("--graph", graphDir, "query", "--format", "json",
                "MATCH (c:Model)-[e:DERIVED_FROM]->(p:Model) RETURN c.id AS child, p.id AS parent, e.relation AS relation");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertTrue(rows.isArray());
        assertEquals(1, rows.size());
        assertEquals("org/b", rows.get(0).get("child").asText());
        assertEquals("org/a", rows.get(0).get("parent").asText());
        assertEquals("finetune", rows.get(0).get("relation").asText());
    }

    @Test
    void writesAreRefusedWithAOneLineErrorAndExit2() {
        CliRun r = CliRun.of("--graph", graphDir, "query", "MATCH (m:Model) DETACH DELETE m");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("aiprov: error: query refused"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        CliRun count = CliRun.of("--graph", graphDir, "query", "--format", "json", "MATCH (m:Model) RETURN count(m) AS n");
        assertTrue(count.out().contains("\"n\" : 2"), count.out());
    }

    @Test
    void parametersArePassedNotConcatenated() {
        CliRun r = CliRun.of("--graph", graphDir, "query", "--format", "json", "--param", "id=org/a' OR 1=1 //",
                "MATCH (m:Model {id: $id}) RETURN m.id AS id");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[ ]", r.out().trim());
    }

    @Test
    void badArgumentsGiveUsageErrorsNotStackTraces() {
        CliRun uri = CliRun.of("--neo4j-uri", "http://x", "query", "RETURN 1");
        assertEquals(2, uri.exit());
        assertTrue(uri.err().contains("bolt://"), uri.err());
        CliRun both = CliRun.of("--neo4j-uri", "bolt://127.0.0.1:1", "--graph", graphDir, "query", "RETURN 1");
        assertEquals(2, both.exit());
        CliRun unknown = CliRun.of("query", "--nope", "RETURN 1");
        assertEquals(2, unknown.exit());
        assertFalse(unknown.err().contains("Exception"), unknown.err());
    }

    @Test
    void anUnreachableServerIsARuntimeFailure() {
        CliRun r = CliRun.of("--neo4j-uri", "bolt://127.0.0.1:1", "query", "RETURN 1");
        assertEquals(3, r.exit());
        assertTrue(r.err().startsWith("aiprov: error: cannot connect to Neo4j"), r.err());
    }
}
