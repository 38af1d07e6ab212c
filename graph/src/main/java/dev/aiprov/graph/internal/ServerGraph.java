package dev.aiprov.graph.internal;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/** A Neo4j server or cluster reached over Bolt ({@code bolt://}, {@code neo4j://}, {@code +s} variants). */
public final class ServerGraph implements Graph {
    private final String description;
    private final Driver driver;

    private ServerGraph(String description, Driver driver) {
        this.description = description;
        this.driver = driver;
    }

    public static ServerGraph connect(String uri, String user, String password) {
        return connect(uri, user, password, "Neo4j at " + uri);
    }

    /** Connects; {@code description} names the graph in messages (never the password). */
    public static ServerGraph connect(String uri, String user, String password, String description) {
        Driver driver;
        try {
            driver = GraphDatabase.driver(uri,
                    user == null ? AuthTokens.none() : AuthTokens.basic(user, password == null ? "" : password),
                    Config.builder().withLogging(org.neo4j.driver.Logging.none()).build());
        } catch (IllegalArgumentException e) {
            throw new GraphException("invalid Neo4j URI " + uri + ": " + e.getMessage(), e);
        }
        try {
            driver.verifyConnectivity();
        } catch (RuntimeException e) {
            driver.close();
            throw new GraphException("cannot connect to " + description + ": " + EmbeddedGraph.rootMessage(e), e);
        }
        return new ServerGraph(description, driver);
    }

    @Override
    public Driver driver() {
        return driver;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        driver.close();
    }
}
