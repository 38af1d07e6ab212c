package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.lineage.LineageFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.aiprov.graph.lineage.LineageFixtures.R1;
import static dev.aiprov.graph.lineage.LineageFixtures.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureCommandTest {
    @TempDir
    static Path dir;
    static String graphDir;

    @BeforeAll
    static void seed() {
        graphDir = dir.resolve("g").toString();
        try (Graph g = Graph.open(GraphConfig.embedded(Path.of(graphDir)))) {
            LineageFixtures f = LineageFixtures.scenario(g);
            String sha = "c".repeat(40);
            f.revision(RepoType.MODEL, "a/left", sha, "2024-02-10T00:00:00.000Z")
                    .file(RepoType.MODEL, "a/left", sha, "config.json", null)
                    .finding(RepoType.MODEL, "a/left", sha, "config.json", "SECRET_HF_TOKEN", "HIGH", LineageFixtures.SECRET_SHA256)
                    .approval("APR-7", "model:a/quant", LineageFixtures.Q1);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void jsonHasTheDocumentedShapeWithPathsOwnersAndPins() throws Exception {
        CliRun r = CliRun.of("--graph", graphDir, "exposure", "model:base/root@" + R2, "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("model:base/root@" + R2, json.get("artifact").asText());
        JsonNode prod = null;
        JsonNode pinnedNew = null;
        for (JsonNode a : json.get("affected")) {
            if (a.get("name").asText().equals("prod-chat")) prod = a;
            if (a.get("name").asText().equals("pinned-new")) pinnedNew = a;
            assertTrue(List.of("deployment", "space").contains(a.get("kind").asText()));
        }
        assertEquals("team-chat", prod.get("owner").asText());
        assertTrue(prod.get("pinned").asBoolean());
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/merged", "model:a/left", "model:base/root",
                "model:base/root@" + R2), texts(prod.get("path")));
        assertTrue(pinnedNew.get("pinned").asBoolean());
        assertEquals("pinned-old", json.get("notAffected").get(0).get("name").asText());
        assertEquals(R1, json.get("notAffected").get(0).get("revision").asText());
        assertTrue(texts(json.get("artifacts")).containsAll(List.of("model:base/root", "model:a/quant")));
    }

    @Test
    void markdownIsAnIncidentReportWithTheStepsFilledIn() {
        CliRun r = CliRun.of("--graph", graphDir, "exposure", "author:base", "--since", "2024-02-15", "--format", "markdown");
        assertEquals(0, r.exit(), r.err());
        String md = r.out();
        assertTrue(md.startsWith("# Incident report: `author:base`"), md);
        assertTrue(md.contains("## Summary"), md);
        assertTrue(md.contains("## Affected deployments by owner"), md);
        assertTrue(md.contains("### team-search"), md);
        assertTrue(md.contains("| `pinned-new` | prod | pinned `222222222222` |"), md);
        assertTrue(md.contains("### Not affected"), md);
        assertTrue(md.contains("| `pinned-old` | team-search | `111111111111` (2024-01-01T00:00Z)"), md);
        assertTrue(md.contains("- `deployment:prod-chat`: `deployment:prod-chat` → `model:a/quant` → `model:a/merged` → `model:a/left` → `model:base/root` → `author:base`"), md);
        assertTrue(md.contains("## Response steps"), md);
        assertTrue(md.contains("`pinned-new` (team-search): pin `model:base/root` to known-good revision `" + R1 + "`"), md);
        assertTrue(md.contains("Revoke and reissue every Hub token of `base`"), md);
        assertTrue(md.contains("aiprov revoke model:a/quant@" + LineageFixtures.Q1
                + " --by \"$RESPONDER\" --reason \"incident: author:base\""), md);
        assertTrue(md.contains("`model:base/root@" + R1 + "`"), md);
    }

    @Test
    void aSecretExposureInTextShowsThePathThroughTheLeakingFile() {
        CliRun r = CliRun.of("--graph", graphDir, "exposure", "secret:" + LineageFixtures.SECRET_SHA256);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("path: deployment:prod-chat -> model:a/quant -> model:a/merged -> model:a/left -> model:a/left@"
                + "c".repeat(40) + ":config.json -> secret:" + LineageFixtures.SECRET_SHA256), r.out());
        assertTrue(r.out().contains("1 deployment and 1 Space affected."), r.out());
    }

    @Test
    void anAnswerOfNoneIsSaidClearlyAndExitsZero() throws Exception {
        CliRun text = CliRun.of("--graph", graphDir, "exposure", "rule:NO_SUCH_RULE");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("NONE: no deployment or Space is affected."), text.out());
        CliRun json = CliRun.of("--graph", graphDir, "exposure", "rule:NO_SUCH_RULE", "--format", "json");
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertTrue(j.get("affected").isArray() && j.get("affected").isEmpty());
        assertTrue(j.get("artifacts").isArray() && j.get("artifacts").isEmpty());
        CliRun md = CliRun.of("--graph", graphDir, "exposure", "rule:NO_SUCH_RULE", "--format", "markdown");
        assertTrue(md.out().contains("**No deployment or public Space is affected.**"), md.out());
    }

    @Test
    void badArtifactsAndDatesAreUsageErrors() {
        CliRun kind = CliRun.of("--graph", graphDir, "exposure", "bucket:x");
        assertEquals(2, kind.exit());
        assertTrue(kind.err().lines().findFirst().orElseThrow().contains("unknown artifact kind 'bucket'"), kind.err());
        CliRun date = CliRun.of("--graph", graphDir, "exposure", "author:base", "--since", "last tuesday");
        assertEquals(2, date.exit());
        assertTrue(date.err().lines().findFirst().orElseThrow().contains("--since must be YYYY-MM-DD"), date.err());
        assertFalse(date.err().contains("Exception"));
    }
}
