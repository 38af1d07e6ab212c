package dev.aiprov.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The graph's schema history, in one place: numbered migrations, each applied once and in order, each
 * recorded in the graph itself as {@code (:SchemaMigration {version, description, appliedAt})}. A Cypher
 * migration is the resource {@code migrations/V<nnn>__<description>.cypher}; one that must convert stored
 * values is a Java step.
 *
 * <p>A store made before versions were recorded (its schema re-applied whenever it changed, marked by
 * {@code data/aiprov.schema}) has no version, so it gets every migration: each must therefore be safe on
 * such a store ({@code IF NOT EXISTS}, conversions that skip what is already converted).
 */
final class Migrations {

    /** One step of the schema history. */
    record Migration(int version, String description, Consumer<Graph> step) {
    }

    static final List<Migration> ALL = List.of(
            cypher(1, "constraints_and_indexes"),
            cypher(2, "schema_migration_version"),
            new Migration(3, "alert_details_as_properties", AlertStore::migrateDetails));

    private static final String CURRENT = "MATCH (m:SchemaMigration) RETURN max(m.version) AS v";

    private static final String RECORD = """
            MERGE (m:SchemaMigration {version: $version})
              ON CREATE SET m.description = $description, m.appliedAt = datetime()
            """;

    private Migrations() {
    }

    /** Applies the migrations newer than the graph's version, in order; returns the versions applied. */
    static List<Integer> apply(Graph g) {
        int current = current(g);
        List<Integer> applied = new ArrayList<>();
        for (Migration m : ALL) {
            if (m.version() <= current) continue;
            try {
                m.step().accept(g);
            } catch (GraphException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new GraphException("cannot apply graph migration V" + m.version() + " (" + m.description() + ") on "
                        + g.describe() + ": " + e.getMessage(), e);
            }
            Tx.write(g, "recording graph migration V" + m.version(),
                    tx -> tx.run(RECORD, Map.of("version", m.version(), "description", m.description())).consume());
            applied.add(m.version());
        }
        return applied;
    }

    /** The newest migration recorded in the graph; 0 for a new store or one made before versions were recorded. */
    static int current(Graph g) {
        List<Integer> v = Tx.read(g, "reading the graph's schema version", CURRENT, Map.of(),
                r -> r.get("v").isNull() ? 0 : r.get("v").asInt());
        return v.isEmpty() ? 0 : v.get(0);
    }

    /** A migration that runs the statements of {@code migrations/V<nnn>__<description>.cypher}, each on its own. */
    static Migration cypher(int version, String description) {
        String resource = "migrations/V%03d__%s.cypher".formatted(version, description);
        return new Migration(version, description, g -> {
            try (var session = g.driver().session()) {
                for (String stmt : statements(resource)) session.run(stmt).consume();
            }
        });
    }

    static List<String> statements(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from the graph module");
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
