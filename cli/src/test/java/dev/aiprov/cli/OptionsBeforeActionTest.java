package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.TestGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command with a bad option fails before it starts the graph or writes anything (issue 18). */
class OptionsBeforeActionTest {
    static final String SPEC = "model:org/name@" + "a".repeat(40);

    @TempDir
    Path dir;

    private String graph() {
        return dir.resolve("g").toString();
    }

    private void assertRefusedBeforeTheGraph(CliRun r, String expected) {
        assertEquals(2, r.exit(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("aiprov: ") && first.contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("g")), "the graph was started");
    }

    @Test
    void aBadEventSinkStopsApproveAndRevokeBeforeTheApprovalIsWritten() {
        assertRefusedBeforeTheGraph(CliRun.of("--graph", graph(), "approve", SPEC, "--by", "me", "--reason", "ok",
                "--events", "bogus://x"), "expected file:PATH");
        assertRefusedBeforeTheGraph(CliRun.of("--graph", graph(), "revoke", SPEC, "--by", "me", "--reason", "ok",
                "--events", "http://example.com/hook"), "plain http only to a loopback host");
        assertRefusedBeforeTheGraph(CliRun.of("--graph", graph(), "approve", SPEC, "--by", " ", "--reason", "ok"),
                "must not be empty");
    }

    @Test
    void anApprovalWithAGoodSinkIsWrittenWithItsEvent() throws Exception {
        Path events = dir.resolve("events.jsonl");
        CliRun r = CliRun.of("--graph", graph(), "approve", SPEC, "--by", "me", "--reason", "ok", "--events", "file:" + events);
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, Files.readAllLines(events).size());
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("g")))) {
            assertTrue(TestGraphs.count(g, "MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n)") > 0);
        }
    }

    @Test
    void depthsDatesAndIdsOfTheGraphCommandsAreCheckedFirst() {
        for (List<String> args : List.of(
                List.of("lineage", "org/m", "--depth", "0"),
                List.of("lineage", "org/m", "--depth", "999"),
                List.of("lineage", "org/m", "--depth", "ten"),
                List.of("lineage", "dataset:org/d"),
                List.of("exposure", "model:org/m", "--depth", "0"),
                List.of("exposure", "model:org/m", "--since", "yesterday"),
                List.of("exposure", "model:org/m", "--until", "2026-13-01"),
                List.of("exposure", "bucket:x"))) {
            List<String> all = new java.util.ArrayList<>(List.of("--graph", graph()));
            all.addAll(args);
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertRefusedBeforeTheGraph(r, "Invalid value");
        }
    }
}
