package dev.aiprov.graph;

import org.neo4j.driver.Driver;

/**
 * An open graph: the Java driver over Bolt, whether Neo4j runs embedded in this process or on a
 * server. Its schema migrations are applied when it opens. Close it to shut the embedded database
 * down cleanly.
 */
public interface Graph extends AutoCloseable {

    /** Opens (and for embedded, starts) the graph and applies the schema migrations it has not had yet. */
    static Graph open(GraphConfig config) {
        return GraphOpener.open(config);
    }

    /**
     * Starts the embedded graph under {@code home} in this process and keeps it, for {@code aiprov serve};
     * other processes then reach it through {@link #open}.
     */
    static dev.aiprov.graph.internal.EmbeddedGraph openEmbedded(java.nio.file.Path home) {
        return GraphOpener.openEmbedded(home);
    }

    /** Whether a live {@code aiprov serve} holds the embedded graph under {@code home} (commands then run through it). */
    static boolean served(java.nio.file.Path home) {
        return dev.aiprov.graph.internal.ServeFile.live(home).isPresent();
    }

    Driver driver();

    /** What this graph is, for messages (never contains a password). */
    String describe();

    @Override
    void close();
}
