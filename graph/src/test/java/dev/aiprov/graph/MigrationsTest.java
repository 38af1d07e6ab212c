package dev.aiprov.graph;

import dev.aiprov.graph.internal.EmbeddedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbered migrations: every one on a fresh store, the pending ones on an old store, none on a second open. */
class MigrationsTest {
    private static final String SHA = "a".repeat(40);
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private static List<Long> versions(Graph g) {
        try (var s = g.driver().session()) {
            return s.run("MATCH (m:SchemaMigration) RETURN m.version AS v ORDER BY v").list(r -> r.get("v").asLong());
        }
    }

    private static List<Long> all() {
        return Migrations.ALL.stream().map(m -> (long) m.version()).toList();
    }

    @Test
    void migrationsAreNumberedOneByOneFromOne() {
        assertEquals(IntStream.rangeClosed(1, Migrations.ALL.size()).mapToObj(i -> (long) i).toList(), all());
    }

    @Test
    void aFreshStoreGetsEveryMigrationInOrder() {
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("graph")))) {
            assertEquals(all(), versions(g));
            assertEquals(Migrations.ALL.size(), Migrations.current(g));
            assertEquals(1, TestGraphs.count(g, "SHOW CONSTRAINTS YIELD name WHERE name = 'approval_id' RETURN count(name)"));
            assertEquals(1, TestGraphs.count(g,
                    "SHOW CONSTRAINTS YIELD name WHERE name = 'schema_migration_version' RETURN count(name)"));
        }
    }

    @Test
    void reopeningAStoreAppliesNothing() {
        Path home = dir.resolve("graph");
        List<Object> appliedAt;
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            appliedAt = appliedAt(g);
            assertEquals(List.of(), Migrations.apply(g));
        }
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            assertEquals(all(), versions(g));
            assertEquals(appliedAt, appliedAt(g));
        }
    }

    private static List<Object> appliedAt(Graph g) {
        try (var s = g.driver().session()) {
            return s.run("MATCH (m:SchemaMigration) RETURN m.appliedAt AS t ORDER BY m.version").list(r -> r.get("t").asObject());
        }
    }

    @Test
    void aStoreMadeByThePreviousVersionIsBroughtForwardWithItsDataIntact() throws Exception {
        Path home = dir.resolve("graph");
        List<ApprovalStore.Fact> approvals;
        List<InventoryStore.Item> inventory;
        // as the previous version left a store: schema.cypher applied, its hash in data/aiprov.schema, no
        // version in the graph, alert details as one JSON text property
        try (EmbeddedGraph g = EmbeddedGraph.start(home)) {
            try (var s = g.driver().session()) {
                for (String stmt : Migrations.statements("migrations/V001__constraints_and_indexes.cypher")) {
                    s.run(stmt).consume();
                }
            }
            Files.writeString(home.resolve("data").resolve(GraphOpener.LEGACY_SCHEMA_MARKER), "0".repeat(64) + "\n");
            new InventoryStore(g).importDeployments(List.of(new InventoryStore.DeploymentRow("app", "prod", "team", null,
                    List.of(new InventoryStore.UseRow(RepoType.MODEL, "org/m", SHA, true, null, AT, 3)))));
            ApprovalStore store = new ApprovalStore(g);
            store.record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "org/m", SHA, "alice", "reviewed", null, AT);
            store.record(ApprovalStore.Action.REVOKE, RepoType.MODEL, "org/m", SHA, "bob", "leaked", null, AT.plusSeconds(60));
            approvals = store.history(RepoType.MODEL, "org/m", SHA);
            inventory = new InventoryStore(g).list(null, AT);
            try (var s = g.driver().session()) {
                s.run("""
                        CREATE (:Alert {id: 'a1', type: 'MOVED_REVISION', severity: 'high', message: 'moved', at: datetime($at),
                                        artifact: 'model:org/m', deployment: 'app', details: $moved}),
                               (:Alert {id: 'a2', type: 'LOOKALIKE_NAME', severity: 'high', message: 'look-alike',
                                        at: datetime($at), artifact: 'model:org/m', details: $lookalike})
                        """, Map.of("at", AT.toString(),
                        "moved", "{\"previousSha\":\"" + "b".repeat(40) + "\",\"sha\":\"" + SHA
                                + "\",\"since\":\"last crawl\",\"approvedRevisions\":[]}",
                        "lookalike", "{\"lookalikeOf\":\"model:google-bert/bert-base-uncased\",\"distance\":1,"
                                + "\"downloads\":12,\"popularDownloads\":50000000000,\"popularAuthor\":\"google-bert\"}"))
                        .consume();
            }
            assertEquals(0, Migrations.current(g));
        }

        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            assertEquals(all(), versions(g));
            assertFalse(Files.exists(home.resolve("data").resolve(GraphOpener.LEGACY_SCHEMA_MARKER)));
            assertEquals(approvals, new ApprovalStore(g).history(RepoType.MODEL, "org/m", SHA));
            assertEquals(2, approvals.size());
            assertEquals(inventory, new InventoryStore(g).list(null, AT));
            assertEquals(1, inventory.size());

            List<AlertStore.Alert> alerts = new AlertStore(g).list(null, null);
            assertEquals(List.of("a1", "a2"), alerts.stream().map(AlertStore.Alert::id).toList());
            Map<String, Object> moved = new LinkedHashMap<>();
            moved.put("previousSha", "b".repeat(40));
            moved.put("sha", SHA);
            moved.put("since", "last crawl");
            moved.put("approvedRevisions", List.of());
            assertEquals(List.copyOf(moved.entrySet()), List.copyOf(alerts.get(0).details().entrySet()));
            Map<String, Object> lookalike = new LinkedHashMap<>();
            lookalike.put("lookalikeOf", "model:google-bert/bert-base-uncased");
            lookalike.put("distance", 1L);
            lookalike.put("downloads", 12L);
            lookalike.put("popularDownloads", 50_000_000_000L);
            lookalike.put("popularAuthor", "google-bert");
            assertEquals(List.copyOf(lookalike.entrySet()), List.copyOf(alerts.get(1).details().entrySet()));
            assertEquals(0, TestGraphs.count(g, "MATCH (a:Alert) WHERE a.details IS NOT NULL RETURN count(a)"));
        }
    }

    @Test
    void alertDetailsKeepTheirOrderAndTypesThroughTheGraph() {
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("graph")))) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sha", SHA);
            details.put("distance", 2);
            details.put("since", null);
            details.put("approvedRevisions", List.of("x", "y"));
            details.put("gated", true);
            AlertStore store = new AlertStore(g);
            store.record(List.of(new AlertStore.Alert("a", "T", "high", "m", AT, "model:org/m", null, details),
                    new AlertStore.Alert("b", "T", "high", "m", AT, "model:org/m", null, null)));
            List<AlertStore.Alert> read = store.list(null, null);
            assertEquals(List.of(Map.entry("sha", SHA), Map.entry("distance", 2L),
                    Map.entry("approvedRevisions", List.of("x", "y")), Map.entry("gated", true)),
                    List.copyOf(read.get(0).details().entrySet()));
            assertNull(read.get(1).details());
            assertTrue(read.get(0).details().keySet().stream().noneMatch("since"::equals));
        }
    }
}
