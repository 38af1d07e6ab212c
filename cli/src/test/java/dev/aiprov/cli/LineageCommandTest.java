package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.lineage.LineageFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineageCommandTest {
    @TempDir
    static Path dir;
    static String graphDir;

    @BeforeAll
    static void seed() {
        graphDir = dir.resolve("g").toString();
        try (Graph g = Graph.open(GraphConfig.embedded(Path.of(graphDir)))) {
            LineageFixtures.scenario(g);
            // a name that needs escaping in Mermaid and DOT labels
            new LineageFixtures(g).derived("q/odd\"name", "a/quant", "finetune");
        }
    }

    @Test
    void textIsAnIndentedTreeWithRelationsDatasetsAndMarks() {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "model:a/quant");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Lineage of model:a/quant"), out);
        assertTrue(out.contains("└─ quantized of model:a/merged"), out);
        assertTrue(out.contains("├─ merge of model:a/left"), out);
        assertTrue(out.contains("finetune of model:ghost/unknown  [UNRESOLVED: not crawled]"), out);
        assertTrue(out.contains("trained on dataset:ds/chat"), out);
        assertTrue(out.contains("model:base/root  (see above)"), out);
        assertTrue(out.contains("head 222222222222 (2 revisions)"), out);
        // the diamond's shared base is expanded once
        assertEquals(1, out.lines().filter(l -> l.contains("trained on dataset:ds/web")).count(), out);
    }

    @Test
    void aCycleIsMarkedAndNotLoopedOn() {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "c/z", "--depth", "20");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("finetune of model:c/x  [CYCLE: back to model:c/x on this path]"), r.out());
        assertTrue(r.out().contains("edges on cycles"), r.out());
        assertTrue(r.out().lines().count() < 15, r.out());
    }

    @Test
    void downListsDescendantsSpacesAndDeployments() {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "model:base/root", "--down");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Descendants and users of model:base/root"), out);
        assertTrue(out.contains("deployed as deployment:prod-chat  prod · owner team-chat  pinned 000000000000"), out);
        assertTrue(out.contains("deployed as deployment:staging-bot  staging · owner team-bot  unpinned (follows main)"), out);
        assertTrue(out.contains("used by space:sp/demo"), out);
        assertTrue(out.contains("quantized model:a/quant"), out);
    }

    @Test
    void jsonCarriesNodesAndEdges() throws Exception {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "model:a/merged", "--both", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("model:a/merged", json.get("root").asText());
        assertEquals("BOTH", json.get("direction").asText());
        Set<String> keys = new HashSet<>();
        json.get("nodes").forEach(n -> keys.add(n.get("key").asText()));
        assertTrue(keys.containsAll(List.of("model:base/root", "model:a/quant", "deployment:prod-chat", "dataset:ds/web")), keys.toString());
        boolean merge = false;
        for (JsonNode e : json.get("edges")) {
            if (e.get("from").asText().equals("model:a/merged") && e.get("to").asText().equals("model:a/right")) {
                merge = e.get("relation").asText().equals("merge") && e.get("type").asText().equals("DERIVED_FROM");
            }
        }
        assertTrue(merge, r.out());
    }

    @Test
    void mermaidUsesGeneratedIdsAndEscapedLabels() {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "q/odd\"name", "--format", "mermaid");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("flowchart BT", lines.get(0));
        Pattern node = Pattern.compile("  (n\\d+)(\\[\"|\\[\\(\"|\\(\\[\"|\\{\\{\")([^\"]*)(\"\\]|\"\\)\\]|\"\\]\\)|\"\\}\\})(:::\\w+)?");
        Pattern edge = Pattern.compile("  (n\\d+) (-->|-\\.->)\\|\"([^\"]*)\"\\| (n\\d+)");
        Set<String> declared = new HashSet<>();
        int edges = 0;
        for (String l : lines.subList(1, lines.size())) {
            Matcher m = node.matcher(l);
            Matcher e = edge.matcher(l);
            if (m.matches()) {
                declared.add(m.group(1));
            } else if (e.matches()) {
                assertTrue(declared.contains(e.group(1)) && declared.contains(e.group(4)), l);
                edges++;
            } else {
                assertTrue(l.startsWith("  classDef ") || l.startsWith("  linkStyle "), "unexpected line: " + l);
            }
        }
        assertTrue(r.out().contains("model:q/odd#quot;name"), r.out());
        assertTrue(r.out().contains(":::unresolved"), r.out());
        assertEquals(9, edges, r.out());
    }

    @Test
    void dotIsValidGraphviz() throws Exception {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "q/odd\"name", "--format", "dot");
        assertEquals(0, r.exit(), r.err());
        String dot = r.out();
        assertTrue(dot.startsWith("digraph lineage {"), dot);
        assertTrue(dot.trim().endsWith("}"), dot);
        assertTrue(dot.contains("label=\"model:q/odd\\\"name"), dot);
        assertTrue(dot.contains("style=\"dashed\""), dot);
        long open = dot.chars().filter(c -> c == '{').count();
        assertEquals(open, dot.chars().filter(c -> c == '}').count());
        Path file = dir.resolve("lineage.dot");
        Files.writeString(file, dot, StandardCharsets.UTF_8);
        Path graphviz = Path.of("/usr/bin/dot");
        if (Files.isExecutable(graphviz)) {
            Process p = new ProcessBuilder(graphviz.toString(), "-Tsvg", "-o", dir.resolve("lineage.svg").toString(), file.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), msg);
            assertTrue(Files.readString(dir.resolve("lineage.svg")).contains("model:base/root"));
        }
    }

    @Test
    void anUnknownModelIsAOneLineErrorWithExit2() {
        CliRun r = CliRun.of("--graph", graphDir, "lineage", "model:nobody/nothing");
        assertEquals(2, r.exit());
        assertEquals("aiprov: error: unknown model: model:nobody/nothing is not in the graph", r.err().trim());
        CliRun wrongKind = CliRun.of("--graph", graphDir, "lineage", "dataset:ds/web");
        assertEquals(2, wrongKind.exit());
        assertFalse(wrongKind.err().contains("Exception"), wrongKind.err());
        CliRun both = CliRun.of("--graph", graphDir, "lineage", "a/quant", "--up", "--down");
        assertEquals(2, both.exit());
    }
}
