package dev.aiprov.graph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on the embedded Neo4j (the default), plus what only embedded has. */
class EmbeddedCrawlStoreTest extends EmbeddedGraphTest implements CrawlStoreContract {
    @Override
    public Graph graph() {
        return graph;
    }

    @Test
    void schemaIsCreatedAndReapplyingItChangesNothing() {
        long constraints = TestGraphs.count(graph, "SHOW CONSTRAINTS YIELD name RETURN count(name)");
        assertTrue(constraints >= 11, "constraints: " + constraints);
        Migrations.cypher(1, "constraints_and_indexes").step().accept(graph);   // as on a store made before versions
        assertEquals(constraints, TestGraphs.count(graph, "SHOW CONSTRAINTS YIELD name RETURN count(name)"));
    }

    @Test
    void aSecondProcessOnTheSameStoreGetsAClearError() {
        GraphException e = assertThrows(GraphException.class, () -> Graph.open(GraphConfig.embedded(graphHome.resolve("graph"))));
        assertTrue(e.getMessage().contains("in use") || e.getMessage().contains("cannot start"), e.getMessage());
    }
}
