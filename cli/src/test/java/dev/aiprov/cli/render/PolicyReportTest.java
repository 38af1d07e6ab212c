package dev.aiprov.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.inventory.PolicyEvaluator;
import dev.aiprov.inventory.PolicyRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyReportTest {
    static final PolicyEvaluator.Report REPORT = new PolicyEvaluator.Report(List.of(
            new PolicyEvaluator.Violation("from-src", "model:acme/ft", "a".repeat(40), PolicyRule.SEVERE_FINDING,
                    "critical finding X in f of base model meta/base, inherited via acme/ft -> meta/base",
                    List.of("acme/ft", "meta/base"), null, null),
            new PolicyEvaluator.Violation("from-src", "model:acme/ft", "a".repeat(40), PolicyRule.NOT_PINNED, "m",
                    List.of("acme/ft"), null, null)), 1, 1);

    @Test
    void sarifWithoutAManifestPointsAtAPseudoUriAndKeepsTheLineagePath() throws Exception {
        JsonNode run = new ObjectMapper().readTree(Json.pretty(PolicyReport.sarif(REPORT, "dev"))).get("runs").get(0);
        assertEquals(2, run.at("/tool/driver/rules").size());
        JsonNode r = run.get("results").get(0);
        assertEquals("SEVERE_FINDING", r.get("ruleId").asText());
        assertEquals("error", r.get("level").asText());
        assertEquals("aiprov://deployment/from-src", r.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(1, r.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("meta/base", r.at("/properties/path/1").asText());
        assertEquals(1, run.get("results").get(1).get("ruleIndex").asInt());
    }

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Json.pretty(PolicyReport.json(REPORT)));
        assertEquals(1, j.get("checked").asInt());
        JsonNode v = j.get("violations").get(0);
        assertEquals(List.of("deployment", "artifact", "revision", "rule", "message", "path"),
                List.copyOf(iterable(v)));
        assertEquals("SEVERE_FINDING", v.get("rule").asText());
    }

    static List<String> iterable(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void csvQuotesAndNeutralisesFormulas() {
        assertEquals("\"a,b\"", InventoryReport.csvField("a,b"));
        assertEquals("'=cmd()", InventoryReport.csvField("=cmd()"));
        assertEquals("\"x\"\"y\"", InventoryReport.csvField("x\"y"));
    }
}
