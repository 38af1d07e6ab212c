package dev.aiprov.graph;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.containers.Neo4jContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract against a Neo4j 5 server in a container; skipped cleanly where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerCrawlStoreTest implements CrawlStoreContract {
    @Container
    static final Neo4jContainer<?> NEO4J = new Neo4jContainer<>("neo4j:5.26-community").withoutAuthentication();
    static Graph graph;

    @BeforeAll
    static void connect() {
        graph = Graph.open(GraphConfig.server(NEO4J.getBoltUrl(), null, null));
    }

    @AfterAll
    static void close() {
        if (graph != null) graph.close();
    }

    @BeforeEach
    void empty() {
        TestGraphs.clear(graph);
    }

    @Override
    public Graph graph() {
        return graph;
    }
}
