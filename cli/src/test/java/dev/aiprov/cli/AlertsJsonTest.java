package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.cli.render.Json;
import dev.aiprov.graph.internal.EmbeddedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code alerts --format json} prints alerts recorded by earlier versions (details stored as JSON
 * text, converted to properties when the graph opens) exactly as those versions printed them.
 */
class AlertsJsonTest {
    @TempDir
    Path dir;

    /** What {@code alerts --format json} printed per alert before details were typed: the stored text, parsed. */
    record Printed(String id, String type, String severity, String message, String at, String artifact,
                   String deployment, JsonNode details) {
    }

    @Test
    void alertsStoredAsJsonTextPrintByteForByteAsBefore() throws Exception {
        String at = "2026-03-01T10:00:00Z";
        // as DriftDetector wrote them: ObjectNode.toString() of the details, nulls left out
        List<String[]> alerts = List.of(
                new String[]{"a1", "MOVED_REVISION", "high", "deployment app follows main of model:org/m", "model:org/m",
                        "app", "{\"previousSha\":\"" + "b".repeat(40) + "\",\"sha\":\"" + "a".repeat(40)
                        + "\",\"since\":\"last crawl\",\"approvedRevisions\":[]}"},
                new String[]{"a2", "LOOKALIKE_NAME", "high", "used repo g00gle/bert looks like google/bert", "model:g00gle/bert",
                        null, "{\"lookalikeOf\":\"model:google/bert\",\"distance\":1,\"downloads\":12,"
                        + "\"popularDownloads\":50000000000,\"popularAuthor\":\"google\"}"},
                new String[]{"a3", "NEW_SECRET", "critical", "new leaked secret in model:org/m", "model:org/m", null,
                        "{\"secretSha256\":\"" + "c".repeat(64) + "\",\"secretType\":\"hf_token\",\"redacted\":\"hf_…\","
                        + "\"path\":\"modèles/\\\"quoted\\\" \\\\ tab\\t.md\"}"},
                new String[]{"a4", "MOVED_REVISION", "medium", "head is not the approved revision", "model:org/n", "app",
                        "{\"sha\":\"" + "d".repeat(40) + "\",\"since\":\"approval\",\"approvedRevisions\":[\"" + "e".repeat(40)
                        + "\",\"" + "f".repeat(40) + "\"]}"});
        Path home = dir.resolve("graph");
        try (EmbeddedGraph g = EmbeddedGraph.start(home); var s = g.driver().session()) {   // a store of the previous version
            for (String[] a : alerts) {
                Map<String, Object> p = new java.util.HashMap<>();
                p.put("id", a[0]);
                p.put("type", a[1]);
                p.put("severity", a[2]);
                p.put("message", a[3]);
                p.put("at", at);
                p.put("artifact", a[4]);
                p.put("deployment", a[5]);
                p.put("details", a[6]);
                s.run("""
                        CREATE (:Alert {id: $id, type: $type, severity: $severity, message: $message, at: datetime($at),
                                        artifact: $artifact, deployment: $deployment, details: $details})
                        """, p).consume();
            }
        }
        List<Printed> before = new ArrayList<>();
        for (String[] a : alerts) {
            before.add(new Printed(a[0], a[1], a[2], a[3], at, a[4], a[5], Json.mapper().readTree(a[6])));
        }

        CliRun r = CliRun.of("--graph", home.toString(), "alerts", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Json.pretty(before) + "\n", r.out());
    }
}
