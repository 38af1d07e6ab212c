package dev.aiprov.graph;

import java.nio.file.Path;
import java.util.Map;

/** Shared by the graph, crawler and cli tests: a real embedded Neo4j, and count helpers. */
public final class TestGraphs {
    private TestGraphs() {
    }

    public static Graph embedded(Path dir) {
        return Graph.open(GraphConfig.embedded(dir.resolve("graph")));
    }

    /** Runs a read query returning one number (e.g. {@code MATCH (n:Model) RETURN count(n)}). */
    public static long count(Graph g, String cypher) {
        return count(g, cypher, Map.of());
    }

    public static long count(Graph g, String cypher, Map<String, Object> params) {
        try (var s = g.driver().session()) {
            return s.run(cypher, params).single().get(0).asLong();
        }
    }

    /** Deletes every node and relationship but the schema and its recorded migrations. */
    public static void clear(Graph g) {
        try (var s = g.driver().session()) {
            s.run("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n").consume();
        }
    }

    /** Total nodes (the recorded migrations aside) and relationships, to prove a repeated write created nothing. */
    public static long[] totals(Graph g) {
        return new long[]{count(g, "MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n)"),
                count(g, "MATCH ()-[r]->() RETURN count(r)")};
    }
}
