package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.lineage.LineageFixtures;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {
    @TempDir
    static Path dir;
    static String graphDir;

    @BeforeAll
    static void seed() {
        graphDir = dir.resolve("g").toString();
        try (Graph g = Graph.open(GraphConfig.embedded(Path.of(graphDir)))) {
            LineageFixtures f = LineageFixtures.scenario(g);
            f.file(RepoType.MODEL, "a/quant", LineageFixtures.Q1, "model.pkl", LineageFixtures.WEIGHTS_SHA256)
                    .finding(RepoType.MODEL, "a/quant", LineageFixtures.Q1, "model.pkl", "PICKLE_GLOBAL_OS_SYSTEM", "CRITICAL", null);
        }
    }

    @Test
    void aDeploymentExportsAsACycloneDx16MlBomThatValidatesAgainstTheSchema() throws Exception {
        Path out = dir.resolve("bom.json");
        CliRun r = CliRun.of("--graph", graphDir, "export", "cyclonedx", "--deployment", "prod-chat", "--output", out.toString());
        assertEquals(0, r.exit(), r.err());
        byte[] bytes = Files.readAllBytes(out);
        List<ParseException> errors = new JsonParser().validate(bytes, Version.VERSION_16);
        assertTrue(errors.isEmpty(), errors.toString());

        JsonNode bom = new ObjectMapper().readTree(bytes);
        assertEquals("CycloneDX", bom.get("bomFormat").asText());
        assertEquals("1.6", bom.get("specVersion").asText());
        assertEquals("deployment:prod-chat", bom.get("metadata").get("component").get("bom-ref").asText());
        Map<String, JsonNode> comps = new HashMap<>();
        bom.get("components").forEach(c -> comps.put(c.get("bom-ref").asText(), c));
        JsonNode quant = comps.get("model:a/quant");
        assertEquals("machine-learning-model", quant.get("type").asText());
        assertEquals(LineageFixtures.Q1, quant.get("version").asText());
        assertEquals("pkg:huggingface/a/quant@" + LineageFixtures.Q1, quant.get("purl").asText());
        assertEquals("merged", quant.get("pedigree").get("ancestors").get(0).get("name").asText());
        JsonNode file = quant.get("components").get(0);
        assertEquals("file", file.get("type").asText());
        assertEquals("SHA-256", file.get("hashes").get(0).get("alg").asText());
        assertEquals(LineageFixtures.WEIGHTS_SHA256, file.get("hashes").get(0).get("content").asText());
        // the whole lineage is there, with training data
        assertTrue(comps.keySet().containsAll(List.of("model:a/merged", "model:a/left", "model:a/right", "model:base/root",
                "model:ghost/unknown", "dataset:ds/web", "dataset:ds/chat")), comps.keySet().toString());
        assertEquals("data", comps.get("dataset:ds/chat").get("type").asText());
        assertEquals("dataset:ds/chat", comps.get("model:a/left").get("modelCard").get("modelParameters").get("datasets").get(0).get("ref").asText());
        assertEquals("text-generation", comps.get("model:a/left").get("modelCard").get("modelParameters").get("task").asText());
        JsonNode vuln = bom.get("vulnerabilities").get(0);
        assertEquals("PICKLE_GLOBAL_OS_SYSTEM", vuln.get("id").asText());
        assertEquals("critical", vuln.get("ratings").get(0).get("severity").asText());
        assertEquals("model:a/quant#model.pkl", vuln.get("affects").get(0).get("ref").asText());
        boolean rootDep = false;
        for (JsonNode d : bom.get("dependencies")) {
            if (d.get("ref").asText().equals("deployment:prod-chat")) rootDep = d.get("dependsOn").get(0).asText().equals("model:a/quant");
        }
        assertTrue(rootDep);
    }

    @Test
    void anUnknownDeploymentIsAUsageError() {
        CliRun r = CliRun.of("--graph", graphDir, "export", "cyclonedx", "--deployment", "nope");
        assertEquals(2, r.exit());
        assertEquals("aiprov: error: unknown deployment: nope is not in the graph", r.err().trim());
    }
}
