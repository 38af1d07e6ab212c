package dev.aiprov.graph.lineage;

import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.graph.lineage.LineageGraph.Direction;
import dev.aiprov.graph.lineage.LineageGraph.Edge;
import dev.aiprov.graph.lineage.LineageGraph.EdgeType;
import dev.aiprov.graph.lineage.LineageGraph.Node;
import dev.aiprov.graph.lineage.LineageGraph.NodeKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineageQueriesTest extends EmbeddedGraphTest {
    LineageQueries queries;

    @BeforeEach
    void seed() {
        LineageFixtures.scenario(graph);
        queries = new LineageQueries(graph);
    }

    private static Set<String> keys(LineageGraph g, NodeKind kind) {
        return g.nodes().stream().filter(n -> n.kind() == kind).map(Node::key).collect(Collectors.toSet());
    }

    private static Edge edge(LineageGraph g, String from, String to) {
        return g.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst().orElse(null);
    }

    @Test
    void diamondAncestorsAppearOnceWithTheirRelationsAndDistances() {
        LineageGraph g = queries.lineage("a/quant", Direction.UP, 10).orElseThrow();
        assertEquals("model:a/quant", g.root());
        assertEquals(Set.of("model:a/quant", "model:a/merged", "model:a/left", "model:a/right", "model:base/root",
                "model:ghost/unknown"), keys(g, NodeKind.MODEL));
        assertEquals(1, g.nodes().stream().filter(n -> n.key().equals("model:base/root")).count());
        assertEquals("merge", edge(g, "model:a/merged", "model:a/left").relation());
        assertEquals("merge", edge(g, "model:a/merged", "model:a/right").relation());
        assertEquals("adapter", edge(g, "model:a/right", "model:base/root").relation());
        assertEquals("quantized", edge(g, "model:a/quant", "model:a/merged").relation());
        assertEquals(3, g.node("model:base/root").distance());
        assertEquals(2, g.node("model:base/root").revisions());
        assertEquals(LineageFixtures.R2, g.node("model:base/root").headSha());
        assertEquals("base", g.node("model:base/root").author());
        assertTrue(g.complete());
        assertTrue(g.edges().stream().noneMatch(Edge::cycle));
    }

    @Test
    void trainingDatasetsAreListedAtEveryLevel() {
        LineageGraph g = queries.lineage("a/quant", Direction.UP, 10).orElseThrow();
        assertEquals(Set.of("dataset:ds/web", "dataset:ds/chat"), keys(g, NodeKind.DATASET));
        assertEquals(EdgeType.TRAINED_ON, edge(g, "model:base/root", "dataset:ds/web").type());
        assertEquals(EdgeType.TRAINED_ON, edge(g, "model:a/left", "dataset:ds/chat").type());
    }

    @Test
    void anUnresolvedAncestorIsShownAndMarked() {
        LineageGraph g = queries.lineage("a/left", Direction.UP, 10).orElseThrow();
        Node ghost = g.node("model:ghost/unknown");
        assertTrue(ghost.unresolved());
        assertFalse(g.node("model:base/root").unresolved());
        assertEquals("finetune", edge(g, "model:a/left", "model:ghost/unknown").relation());
    }

    @Test
    void cyclesAreReturnedOnceAndTheirEdgesMarked() {
        LineageGraph g = queries.lineage("c/z", Direction.UP, 10).orElseThrow();
        assertEquals(Set.of("model:c/z", "model:c/x", "model:c/y"), keys(g, NodeKind.MODEL));
        assertTrue(edge(g, "model:c/x", "model:c/y").cycle());
        assertTrue(edge(g, "model:c/y", "model:c/x").cycle());
        assertFalse(edge(g, "model:c/z", "model:c/x").cycle());
        assertEquals(3, g.edges().size());
    }

    @Test
    void theDepthBoundsTheWalkAndMarksWhereItStopped() {
        LineageGraph g = queries.lineage("a/quant", Direction.UP, 1).orElseThrow();
        assertEquals(Set.of("model:a/quant", "model:a/merged"), keys(g, NodeKind.MODEL));
        assertTrue(g.node("model:a/merged").truncated());
        assertFalse(g.node("model:a/quant").truncated());
    }

    @Test
    void downwardsListsDescendantsSpacesAndDeploymentsWithTheirPins() {
        LineageGraph g = queries.lineage("base/root", Direction.DOWN, 10).orElseThrow();
        assertEquals(Set.of("model:base/root", "model:a/left", "model:a/right", "model:a/merged", "model:a/quant"),
                keys(g, NodeKind.MODEL));
        assertEquals(Set.of("space:sp/demo"), keys(g, NodeKind.SPACE));
        assertEquals(Set.of("deployment:prod-chat", "deployment:staging-bot", "deployment:pinned-old", "deployment:pinned-new"),
                keys(g, NodeKind.DEPLOYMENT));
        Edge prod = edge(g, "deployment:prod-chat", "model:a/quant");
        assertEquals(Boolean.TRUE, prod.pinned());
        assertEquals(LineageFixtures.Q1, prod.revision());
        assertEquals(Boolean.FALSE, edge(g, "deployment:staging-bot", "model:base/root").pinned());
        assertEquals(-3, g.node("model:a/quant").distance());
        assertEquals("team-chat", g.node("deployment:prod-chat").author());
        // up-only parts are not walked downwards
        assertNull(g.node("model:ghost/unknown"));
    }

    @Test
    void bothDirectionsJoinAncestorsAndDescendants() {
        LineageGraph g = queries.lineage("a/merged", Direction.BOTH, 10).orElseThrow();
        Set<String> models = keys(g, NodeKind.MODEL);
        assertTrue(models.containsAll(List.of("model:a/quant", "model:a/left", "model:base/root", "model:ghost/unknown")), models.toString());
        assertEquals(-1, g.node("model:a/quant").distance());
        assertEquals(2, g.node("model:base/root").distance());
    }

    @Test
    void theWorstFindingOfANodeIsReportedWithTheCount() {
        LineageFixtures f = new LineageFixtures(graph);
        String sha = "c".repeat(40);
        f.revision(RepoType.MODEL, "a/left", sha, "2024-01-10T00:00:00.000Z")
                .file(RepoType.MODEL, "a/left", sha, "pytorch_model.bin", LineageFixtures.WEIGHTS_SHA256)
                .finding(RepoType.MODEL, "a/left", sha, "pytorch_model.bin", "PICKLE_GLOBAL_OS_SYSTEM", "CRITICAL", null)
                .finding(RepoType.MODEL, "a/left", sha, "pytorch_model.bin", "PICKLE_UNKNOWN_GLOBAL", "MEDIUM", null);
        LineageGraph g = queries.lineage("a/quant", Direction.UP, 10).orElseThrow();
        assertEquals("CRITICAL", g.node("model:a/left").worstSeverity());
        assertEquals(2, g.node("model:a/left").findings());
        assertNull(g.node("model:a/right").worstSeverity());
    }

    @Test
    void anUnknownModelIsEmptyAndABadDepthIsRefused() {
        assertTrue(queries.lineage("nobody/nothing", Direction.UP, 10).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> queries.lineage("a/quant", Direction.UP, 0));
        assertThrows(IllegalArgumentException.class, () -> queries.lineage("a/quant", Direction.UP, 51));
    }
}
