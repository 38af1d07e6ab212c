package dev.aiprov.graph;

import dev.aiprov.graph.internal.EmbeddedGraph;
import dev.aiprov.graph.internal.ServeFile;
import dev.aiprov.graph.internal.ServerGraph;
import dev.aiprov.graph.internal.StoreSecret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a graph and applies the {@link Migrations} it has not had yet. An embedded graph
 * that {@code aiprov serve} holds is reached through the server instead of being started here.
 */
final class GraphOpener {
    /**
     * In the data directory of a store made before {@link Migrations} recorded versions in the graph: the
     * hash of the schema last applied. Removed once the store is migrated.
     */
    static final String LEGACY_SCHEMA_MARKER = "aiprov.schema";

    private GraphOpener() {
    }

    static Graph open(GraphConfig config) {
        if (!config.isEmbedded()) {
            return withSchema(ServerGraph.connect(config.uri(), config.user(), config.password()), null);
        }
        Optional<Graph> served = throughServer(config.embeddedHome());
        return served.orElseGet(() -> openEmbedded(config.embeddedHome()));
    }

    /** Starts the embedded store in this process even if a server file exists ({@code aiprov serve} itself). */
    static EmbeddedGraph openEmbedded(Path home) {
        return (EmbeddedGraph) withSchema(EmbeddedGraph.start(home), home);
    }

    /** The graph through a live {@code aiprov serve} on this directory; empty when none answers (stale file). */
    static Optional<Graph> throughServer(Path home) {
        Optional<ServeFile> server = ServeFile.live(home);
        if (server.isEmpty()) return Optional.empty();
        String secret = StoreSecret.read(home);
        if (secret == null) return Optional.empty();
        try {
            ServerGraph g = ServerGraph.connect("bolt://127.0.0.1:" + server.get().boltPort(), StoreSecret.USER, secret,
                    "aiprov serve (PID " + server.get().pid() + ") on " + home);
            return Optional.of(g);   // the server applied the schema when it started
        } catch (GraphException e) {
            return Optional.empty();   // a pid that lives on but is no server of ours: open the store as usual
        }
    }

    private static Graph withSchema(Graph g, Path embeddedHome) {
        try {
            Migrations.apply(g);
            if (embeddedHome != null) Files.deleteIfExists(embeddedHome.resolve("data").resolve(LEGACY_SCHEMA_MARKER));
            return g;
        } catch (IOException e) {
            g.close();
            throw new GraphException("cannot remove " + embeddedHome.resolve("data").resolve(LEGACY_SCHEMA_MARKER) + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }
}
