package dev.aiprov.graph;

import java.nio.file.Path;

/**
 * How to reach the graph: an embedded Neo4j stored under {@code embeddedHome} (the default), or a
 * server/cluster at {@code uri} ({@code bolt://…}, {@code neo4j://…}) with user and password.
 */
public record GraphConfig(Path embeddedHome, String uri, String user, String password) {

    public static GraphConfig embedded(Path home) {
        return new GraphConfig(home, null, null, null);
    }

    public static GraphConfig server(String uri, String user, String password) {
        return new GraphConfig(null, uri, user, password);
    }

    public boolean isEmbedded() {
        return uri == null;
    }

    @Override
    public String toString() {
        return isEmbedded() ? "embedded:" + embeddedHome : uri + " as " + user;   // never the password
    }
}
