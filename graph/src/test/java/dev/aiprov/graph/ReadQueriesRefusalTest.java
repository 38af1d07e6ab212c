package dev.aiprov.graph;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.ClientException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code aiprov query} reads the graph and nothing else: files, URLs, procedures and other databases are refused. */
class ReadQueriesRefusalTest extends EmbeddedGraphTest {
    private static String refusal(String cypher) {
        var e = assertThrows(QueryRejectedException.class, () -> new ReadQueries(graph).readOnly(cypher, Map.of()), cypher);
        assertTrue(e.getMessage().startsWith("query refused: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void loadCsvFromAFileIsRefusedWithAClearError() {
        String m = refusal("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r");
        assertTrue(m.contains("LOAD CSV reads files and URLs"), m);
    }

    @Test
    void loadCsvIsRefusedHoweverItIsSpelled() {
        for (String q : List.of(
                "load csv from 'file:///etc/passwd' as r return r",
                "LoAd\tCsV FROM 'file:///etc/passwd' AS r RETURN r",
                "LOAD/* hidden */CSV FROM 'file:///etc/passwd' AS r RETURN r",
                "LOAD // line comment\n CSV FROM 'file:///etc/passwd' AS r RETURN r",
                "WITH 'x' AS a LOAD CSV WITH HEADERS FROM 'file:///etc/passwd' AS r RETURN r",
                "CALL { LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r } RETURN r",
                "MATCH (n) WITH n LIMIT 1\r\nLOAD\u00a0CSV FROM 'file:///etc/passwd' AS r RETURN r")) {
            assertTrue(refusal(q).contains("LOAD CSV"), q);
        }
    }

    @Test
    void proceduresOutsideTheReadOnlySchemaListAreRefused() {
        for (String q : List.of("CALL dbms.components()", "CALL dbms.listConfig() YIELD name RETURN name",
                "CALL db.createLabel('X')", "CALL `dbms`.`listConfig`()", "CALL apoc.load.json('file:///etc/passwd')",
                "CALL tx.setMetaData({a: 1})")) {
            assertTrue(refusal(q).contains("procedure"), q);
        }
    }

    @Test
    void functionsOutsideBuiltInNamespacesAreRefused() {
        assertTrue(refusal("RETURN apoc.load.json('http://127.0.0.1/') AS x").contains("function apoc.load.json"));
        assertTrue(refusal("RETURN db.nameFromElementId('x') AS x").contains("function"));
    }

    @Test
    void otherDatabasesTransactionsAndAdministrationAreRefused() {
        assertTrue(refusal("USE system SHOW USERS").contains("starts with"));
        assertTrue(refusal("MATCH (n) CALL { USE system RETURN 1 AS x } RETURN x").contains("USE"));
        assertTrue(refusal("SHOW PROCEDURES").contains("starts with"));
        assertTrue(refusal("MATCH (n) CALL { WITH n RETURN n.id AS i } IN TRANSACTIONS RETURN i").contains("TRANSACTIONS"));
        assertTrue(refusal("CREATE USER x SET PASSWORD 'y'").contains("starts with"));
    }

    @Test
    void ordinaryReadsStillRun() {
        try (var s = graph.driver().session()) {
            s.run("CREATE (:Model {id: 'org/load', `csv`: 1})").consume();
        }
        var r = new ReadQueries(graph).readOnly("""
                // a comment that says LOAD CSV
                MATCH (m:Model) WHERE m.id = 'LOAD CSV' OR m.id STARTS WITH "org/" AND m.csv = 1
                WITH m, date.truncate('month', date('2026-12-07')) AS d, duration.between(date('2026-01-01'), date('2026-02-01')) AS g
                RETURN m.id AS id, toString(d) AS d, g.months AS months""", Map.of());
        assertEquals(List.of(Map.of("id", "org/load", "d", "2026-12-01", "months", 1L)), r.rows());
        var labels = new ReadQueries(graph).readOnly("CALL db.labels() YIELD label RETURN label", Map.of());
        assertTrue(labels.rows().contains(Map.of("label", "Model")), labels.rows().toString());
    }

    @Test
    void thePlanCheckAloneRefusesWhatTheTextCheckRefuses() {
        for (String q : List.of("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "CALL dbms.components()",
                "MATCH (n) CALL { WITH n RETURN n.id AS i } IN TRANSACTIONS RETURN i")) {
            try (var s = graph.driver().session()) {
                var plan = s.run("EXPLAIN " + q).consume().plan();
                var e = assertThrows(QueryRejectedException.class, () -> QueryGuard.checkPlan(plan), q);
                assertTrue(e.getMessage().startsWith("query refused: "), e.getMessage());
            }
        }
        try (var s = graph.driver().session()) {
            QueryGuard.checkPlan(s.run("EXPLAIN CALL db.labels() YIELD label MATCH (n) RETURN n, label").consume().plan());
        }
    }

    @Test
    void theEmbeddedConfigurationRefusesFileUrlsEvenIfTheQueryCheckWereBypassed() {
        try (var s = graph.driver().session()) {
            var e = assertThrows(ClientException.class,
                    () -> s.run("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r").list());
            assertTrue(e.getMessage().toLowerCase().contains("file"), e.getMessage());
        }
    }
}
