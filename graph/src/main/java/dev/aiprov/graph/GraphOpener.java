package dev.aiprov.graph;

import dev.aiprov.graph.internal.EmbeddedGraph;
import dev.aiprov.graph.internal.ServeFile;
import dev.aiprov.graph.internal.ServerGraph;
import dev.aiprov.graph.internal.StoreSecret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Opens a graph and applies the schema (constraints, indexes) when it changed. An embedded graph
 * that {@code aiprov serve} holds is reached through the server instead of being started here.
 */
final class GraphOpener {
    /** In the embedded store's data directory (gone when the data is): the hash of the schema last applied to it. */
    static final String SCHEMA_MARKER = "aiprov.schema";

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
            if (embeddedHome == null) {
                applySchema(g);
            } else {
                Path marker = embeddedHome.resolve("data").resolve(SCHEMA_MARKER);
                String hash = schemaHash();
                if (!hash.equals(readMarker(marker))) {
                    applySchema(g);
                    Files.writeString(marker, hash + "\n", StandardCharsets.UTF_8);
                }
            }
            return g;
        } catch (IOException e) {
            g.close();
            throw new GraphException("cannot write " + embeddedHome.resolve("data").resolve(SCHEMA_MARKER) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private static String readMarker(Path marker) {
        try {
            return Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String schemaHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : schemaStatements()) md.update((s + ";\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void applySchema(Graph g) {
        try (var session = g.driver().session()) {
            for (String stmt : schemaStatements()) {
                session.run(stmt).consume();
            }
        } catch (RuntimeException e) {
            throw new GraphException("cannot apply the graph schema on " + g.describe() + ": " + e.getMessage(), e);
        }
    }

    static List<String> schemaStatements() {
        try (InputStream in = GraphOpener.class.getResourceAsStream("migrations/V001__constraints_and_indexes.cypher")) {
            if (in == null) throw new IllegalStateException("schema.cypher missing from the graph module");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.trim().startsWith("//")) continue;
                cur.append(line).append('\n');
                if (line.trim().endsWith(";")) {
                    String s = cur.toString().trim();
                    out.add(s.substring(0, s.length() - 1));
                    cur.setLength(0);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
