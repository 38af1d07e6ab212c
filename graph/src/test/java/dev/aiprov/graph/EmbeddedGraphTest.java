package dev.aiprov.graph;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Base of test classes that share one real embedded Neo4j (started once per class, about 4-7 s) and
 * start each test from an empty graph. Subclass {@code @BeforeEach} methods run after the wipe.
 */
public abstract class EmbeddedGraphTest {
    @TempDir
    protected static Path graphHome;
    protected static Graph graph;

    @BeforeAll
    static void startEmbeddedGraph() {
        graph = TestGraphs.embedded(graphHome);
    }

    @AfterAll
    static void stopEmbeddedGraph() {
        graph.close();
    }

    @BeforeEach
    void emptyGraph() {
        TestGraphs.clear(graph);
    }
}
