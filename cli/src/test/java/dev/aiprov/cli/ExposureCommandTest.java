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
    void ndjsonStreamsTheSameAnswerAsJsonLineByLineEndingWithDone() throws Exception {
        String artifact = "model:base/root@" + R2;
        ObjectMapper m = new ObjectMapper();
        JsonNode json = m.readTree(CliRun.of("--graph", graphDir, "exposure", artifact, "--format", "json").out());
        CliRun r = CliRun.of("--graph", graphDir, "exposure", artifact, "--format", "ndjson");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().split("\n")) lines.add(m.readTree(l));   // every line is one JSON object
        assertEquals("seed", lines.get(0).get("event").asText());
        assertEquals(json.get("compromised").get(0).get("key").asText(), lines.get(0).get("key").asText());
        JsonNode done = lines.get(lines.size() - 1);
        assertEquals("done", done.get("event").asText());
        assertEquals(json.get("affected").size(), done.get("affected").asInt());
        assertEquals(json.get("artifacts").size(), done.get("artifacts").asInt());
        assertEquals(json.get("complete").asBoolean(), done.get("complete").asBoolean());
        // the affected lines carry what the document's affected entries carry, plus their level
        java.util.Set<String> streamed = new java.util.HashSet<>();
        java.util.Set<String> documented = new java.util.HashSet<>();
        int lastLevel = 0;
        for (JsonNode l : lines) {
            if (!l.get("event").asText().equals("affected")) continue;
            assertTrue(l.get("level").asInt() >= lastLevel, "nearest first");
            lastLevel = l.get("level").asInt();
            com.fasterxml.jackson.databind.node.ObjectNode copy = l.deepCopy();
            copy.remove(List.of("event", "level"));
            streamed.add(copy.toString());
        }
        json.get("affected").forEach(a -> documented.add(a.toString()));
        assertEquals(documented, streamed);
        // not_affected comes at the end, once the walk knows nothing reached it another way
        assertEquals("pinned-old", lines.stream().filter(l -> l.get("event").asText().equals("not_affected"))
                .findFirst().orElseThrow().get("name").asText());
        List<String> reached = new ArrayList<>();
        lines.stream().filter(l -> l.get("event").asText().equals("level")).forEach(l -> reached.addAll(texts(l.get("artifacts"))));
        assertTrue(texts(json.get("artifacts")).containsAll(reached) && reached.size() == json.get("artifacts").size() - 1,
                "each level lists the artifacts it reached; the seed is the one not reached by a level");
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
