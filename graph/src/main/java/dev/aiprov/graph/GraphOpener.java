package dev.aiprov.graph;

import dev.aiprov.graph.internal.EmbeddedGraph;
import dev.aiprov.graph.internal.ServerGraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Opens a graph and applies the schema (constraints, indexes) idempotently. */
final class GraphOpener {
    private GraphOpener() {
    }

    static Graph open(GraphConfig config) {
        Graph g = config.isEmbedded()
                ? EmbeddedGraph.start(config.embeddedHome())
                : ServerGraph.connect(config.uri(), config.user(), config.password());
        try {
            applySchema(g);
            return g;
        } catch (RuntimeException e) {
            g.close();
            throw e;
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
        try (InputStream in = GraphOpener.class.getResourceAsStream("schema.cypher")) {
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
