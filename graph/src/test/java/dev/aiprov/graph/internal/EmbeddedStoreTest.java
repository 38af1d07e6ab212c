package dev.aiprov.graph.internal;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.TestGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded store as a local attacker and a CLI user see it: authenticated Bolt, one holder, a small footprint. */
class EmbeddedStoreTest {
    @TempDir
    Path dir;

    @Test
    void boltRefusesClientsWithoutTheStoreSecretForReadsAndWrites() throws Exception {
        Path home = dir.resolve("graph");
        try (EmbeddedGraph g = (EmbeddedGraph) Graph.open(GraphConfig.embedded(home))) {
            String uri = "bolt://127.0.0.1:" + g.boltPort();
            for (int round = 0; round < 3; round++) {
                for (AuthToken attacker : new AuthToken[]{AuthTokens.none(), AuthTokens.basic("neo4j", "neo4j"),
                        AuthTokens.basic("neo4j", "wrong-" + StoreSecret.read(home))}) {
                    assertRefused(uri, attacker, "CREATE (:Approval {id: 'forged'})");
                    assertRefused(uri, attacker, "MATCH (n) RETURN count(n)");
                }
            }
            // nine failed logins in a row lock nobody out: the owner still gets in
            assertEquals(0, TestGraphs.count(g, "MATCH (a:Approval {id: 'forged'}) RETURN count(a)"));
            try (Driver owner = driver(uri, AuthTokens.basic(StoreSecret.USER, StoreSecret.read(home)));
                 var s = owner.session()) {
                assertEquals(1, s.run("RETURN 1").single().get(0).asInt());
            }
        }
        Path secret = StoreSecret.file(home);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(secret));
        assertTrue(Files.readString(secret).strip().length() >= 40, "a 32-byte random secret");
        try (Stream<Path> s = Files.list(home)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static void assertRefused(String uri, AuthToken token, String cypher) {
        assertThrows(RuntimeException.class, () -> {
            try (Driver d = driver(uri, token); var s = d.session()) {
                s.run(cypher).consume();
            }
        }, cypher);
    }

    private static Driver driver(String uri, AuthToken token) {
        return GraphDatabase.driver(uri, token, Config.builder().withoutEncryption()
                .withLogging(org.neo4j.driver.Logging.none()).build());
    }

    @Test
    void aStoreMadeWithoutAuthenticationOpensAndIsLockedDown() throws Exception {
        Path home = dir.resolve("old");
        // what the previous version made: auth off, no secret file
        DatabaseManagementService old = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, false).build();
        old.database("neo4j").executeTransactionally("CREATE (:Model {id: 'org/kept'})");
        old.shutdown();
        assertFalse(Files.exists(StoreSecret.file(home)));
        try (EmbeddedGraph g = (EmbeddedGraph) Graph.open(GraphConfig.embedded(home))) {
            assertEquals(1, TestGraphs.count(g, "MATCH (m:Model {id: 'org/kept'}) RETURN count(m)"));
            assertRefused("bolt://127.0.0.1:" + g.boltPort(), AuthTokens.none(), "MATCH (n) RETURN count(n)");
        }
        assertNotNull(StoreSecret.read(home));
        try (Graph again = Graph.open(GraphConfig.embedded(home))) {   // the secret from the migration still opens it
            assertEquals(1, TestGraphs.count(again, "MATCH (m:Model) RETURN count(m)"));
        }
    }

    @Test
    void aSecondHolderIsToldWhichProcessHasTheGraph() {
        Path home = dir.resolve("graph");
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            GraphException e = assertThrows(GraphException.class, () -> Graph.open(GraphConfig.embedded(home)));
            assertEquals("graph " + home + " is in use by PID " + ProcessHandle.current().pid()
                    + " (start `aiprov serve` to share it)", e.getMessage());
        }
    }

    @Test
    void aFileIsNoGraphDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        GraphException e = assertThrows(GraphException.class, () -> Graph.open(GraphConfig.embedded(file)));
        assertTrue(e.getMessage().contains("is a file, not a directory"), e.getMessage());
    }

    @Test
    void aFreshStoreIsSizedForACliNotForAServer() throws IOException {
        Path home = dir.resolve("graph");
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            try (var s = g.driver().session()) {
                s.run("UNWIND range(1, 300) AS i CREATE (:Model {id: 'org/m' + i})").consume();
            }
        }
        long bytes;
        try (Stream<Path> s = Files.walk(home)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 64L << 20, "a few hundred nodes take " + (bytes >> 20) + " MB (was 518 MB)");
    }

    @Test
    void theSchemaIsAppliedOnceAndAgainOnlyWhenItsDataIsGone() throws IOException {
        Path home = dir.resolve("graph");
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            assertTrue(TestGraphs.count(g, "SHOW CONSTRAINTS YIELD name RETURN count(name)") > 5);
            try (var s = g.driver().session()) {   // a constraint dropped behind aiprov's back stays dropped: the graph says "applied"
                s.run("DROP CONSTRAINT model_id").consume();
            }
        }
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            assertEquals(0, TestGraphs.count(g, "SHOW CONSTRAINTS YIELD name WHERE name = 'model_id' RETURN count(name)"));
        }
        try (Stream<Path> data = Files.walk(home.resolve("data"))) {   // the data is gone (the store's secret stays)
            data.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (Graph g = Graph.open(GraphConfig.embedded(home))) {
            assertEquals(1, TestGraphs.count(g, "SHOW CONSTRAINTS YIELD name WHERE name = 'model_id' RETURN count(name)"));
        }
    }
}
