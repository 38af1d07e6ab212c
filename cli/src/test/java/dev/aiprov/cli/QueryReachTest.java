package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.exceptions.ClientException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code aiprov query} never reaches the network or the file system, whether through the CLI or the driver. */
class QueryReachTest {
    @TempDir
    Path dir;
    final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().body("a,b\n1,2\n").build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void loadCsvFromAUrlIsRefusedAndNoRequestIsSent() {
        String url = server.url("/leak.csv").toString();
        CliRun r = CliRun.of("--graph", dir.resolve("g").toString(), "query", "LOAD CSV FROM '" + url + "' AS row RETURN row");
        assertEquals(2, r.exit(), r.err());
        assertEquals("aiprov: error: query refused: LOAD CSV reads files and URLs; aiprov query only reads the graph",
                r.err().strip());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void loadCsvFromAFileIsRefusedThroughTheCli() {
        CliRun r = CliRun.of("--graph", dir.resolve("g").toString(), "query", "load/**/csv FROM 'file:///etc/passwd' AS r RETURN r");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("LOAD CSV reads files and URLs"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void theEmbeddedGraphItselfSendsNoRequestEvenWhenTheQueryCheckIsBypassed() {
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("g")));
             var s = g.driver().session()) {
            String url = server.url("/leak.csv").toString();
            assertThrows(ClientException.class, () -> s.run("LOAD CSV FROM '" + url + "' AS row RETURN row").list());
            assertThrows(ClientException.class, () -> s.run("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row").list());
        }
        assertEquals(0, server.getRequestCount());
    }
}
