package dev.aiprov.graph;

import org.neo4j.driver.Driver;

/**
 * An open graph: the Java driver over Bolt, whether Neo4j runs embedded in this process or on a
 * server. The schema is applied idempotently when it opens. Close it to shut the embedded database
 * down cleanly.
 */
public interface Graph extends AutoCloseable {

    /** Opens (and for embedded, starts) the graph and applies the schema. */
    static Graph open(GraphConfig config) {
        return GraphOpener.open(config);
    }

    Driver driver();

    /** What this graph is, for messages (never contains a password). */
    String describe();

    @Override
    void close();
}
