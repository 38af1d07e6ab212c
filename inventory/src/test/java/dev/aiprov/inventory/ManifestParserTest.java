package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestParserTest {
    static Path fixture(String name) throws Exception {
        return Path.of(ManifestParserTest.class.getResource("/inventory/manifests/" + name).toURI());
    }

    static List<String> problems(String text) {
        return assertThrows(ManifestException.class, () -> ManifestParser.parse("aiprov.yaml", text)).problems();
    }

    @Test
    void loadsTheDocumentedShapeWithRevisionsSourcesAndDates() throws Exception {
        Manifest m = ManifestParser.parse(fixture("aiprov.yaml"));
        assertEquals(2, m.deployments().size());
        Manifest.Deployment bot = m.deployments().get(0);
        assertEquals("support-bot", bot.name());
        assertEquals("prod", bot.environment());
        assertEquals("team-support", bot.owner());
        assertEquals(3, bot.line());
        assertEquals(3, bot.uses().size());
        Manifest.Use llm = bot.uses().get(0);
        assertEquals(RepoType.MODEL, llm.type());
        assertEquals("acme/support-llm", llm.repo());
        assertEquals("0123456789abcdef0123456789abcdef01234567", llm.revision(), "commit shas are lower-cased");
        assertTrue(llm.pinned());
        assertEquals("https://huggingface.co", llm.source());
        assertEquals(Instant.parse("2026-10-01T12:00:00Z"), llm.pulled());
        assertEquals(7, llm.line());
        Manifest.Use tickets = bot.uses().get(1);
        assertEquals(RepoType.DATASET, tickets.type());
        assertNull(tickets.revision());
        assertFalse(tickets.pinned());
        Manifest.Use demo = bot.uses().get(2);
        assertEquals(RepoType.SPACE, demo.type());
        assertEquals("main", demo.revision());
        assertFalse(demo.pinned(), "a branch name does not pin content");
        Manifest.Use tagger = m.deployments().get(1).uses().get(0);
        assertEquals(Instant.parse("2026-09-15T00:00:00Z"), tagger.pulled(), "a bare date is midnight UTC");
        assertEquals("https://hf-mirror.internal.example", tagger.source(), "trailing slash dropped");
    }

    @Test
    void everyProblemOfABadManifestIsReportedWithItsLine() throws Exception {
        Path bad = fixture("bad-many.yaml");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestParser.parse(bad));
        String f = bad.toString();
        assertEquals(List.of(
                f + ":4: unknown key 'colour' in deployment (allowed: environment, name, owner, uses)",
                f + ":6: bad model id 'not-a-repo-id': expected org/name",
                f + ":8: a use names one artifact, found both model and dataset (split it into two uses)",
                f + ":10: bad date 'yesterday': expected ISO-8601 like 2026-10-01T12:00:00Z or 2026-10-01",
                f + ":11: missing name",
                f + ":13: duplicate deployment name 'support-bot' (first at line 2)"), e.problems());
        assertTrue(e.getMessage().startsWith(f + ":4: unknown key 'colour'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(and 5 more)"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeyAndMissingDeploymentsAreErrors() {
        assertEquals(List.of("aiprov.yaml:1: unknown key 'deploymens' in top level (allowed: deployments, version)",
                "aiprov.yaml:1: missing 'deployments'"), problems("deploymens:\n  - name: x\n"));
    }

    @Test
    void syntaxErrorsCarryTheParserLine() {
        List<String> p = problems("deployments:\n  - name: a\n    uses: [\n      {model: acme/x\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("aiprov.yaml:5: invalid YAML") || p.get(0).startsWith("aiprov.yaml:4: invalid YAML"), p.get(0));
    }

    @Test
    void duplicateKeysAreReportedRatherThanSilentlyOverwritten() {
        List<String> p = problems("deployments:\n  - name: a\n    name: b\n");
        assertEquals(List.of("aiprov.yaml:3: duplicate key 'name' (first at line 2)"), p);
    }

    @Test
    void badRepoIdShapesAreRefused() {
        for (String id : List.of("acme", "acme/x/y", "/abs/path", "./local", "acme/-x", "acme/x--y", "ac me/x", "acme/")) {
            List<String> p = problems("deployments:\n  - name: a\n    uses:\n      - model: \"" + id + "\"\n");
            assertEquals(1, p.size(), id + " -> " + p);
            assertTrue(p.get(0).startsWith("aiprov.yaml:4: bad model id"), p.get(0));
        }
    }

    @Test
    void aUseWithoutAnArtifactAndAWrongTypeAreErrors() {
        List<String> p = problems("""
                deployments:
                  - name: a
                    uses:
                      - revision: abc
                      - model: [acme/x]
                      - model: acme/y
                        source: ftp://mirror/x
                  - name: b
                    uses: acme/z
                """);
        assertEquals(List.of("aiprov.yaml:4: a use needs one of model, dataset or space",
                "aiprov.yaml:5: 'model' must be a string, not a list",
                "aiprov.yaml:7: bad source 'ftp://mirror/x': expected an http(s) URL such as https://huggingface.co",
                "aiprov.yaml:9: 'uses' must be a list, not a string"), p);
    }

    @Test
    void theSameArtifactAtTheSameRevisionTwiceIsADuplicateButTwoRevisionsAreFine() throws Exception {
        List<String> p = problems("deployments:\n  - name: a\n    uses:\n      - model: acme/x\n      - model: acme/x\n");
        assertEquals(List.of("aiprov.yaml:5: duplicate use of model:acme/x (first at line 4)"), p);
        Manifest ok = ManifestParser.parse("aiprov.yaml", "deployments:\n  - name: a\n    uses:\n      - model: acme/x\n"
                + "      - model: acme/x\n        revision: " + "a".repeat(40) + "\n");
        assertEquals(2, ok.deployments().get(0).uses().size());
    }

    @Test
    void writtenManifestsReadBackToTheSameDeployments() throws Exception {
        Manifest m = ManifestParser.parse(fixture("aiprov.yaml"));
        String yaml = ManifestWriter.write(m, "generated");
        assertTrue(yaml.startsWith("# generated\n"), yaml);
        Manifest back = ManifestParser.parse("again.yaml", yaml);
        assertEquals(m.deployments().size(), back.deployments().size());
        for (int i = 0; i < m.deployments().size(); i++) {
            Manifest.Deployment a = m.deployments().get(i), b = back.deployments().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.environment(), b.environment());
            assertEquals(a.owner(), b.owner());
            assertEquals(a.uses().stream().map(u -> List.of(u.key(), String.valueOf(u.revision()), String.valueOf(u.source()),
                    String.valueOf(u.pulled()))).toList(), b.uses().stream().map(u -> List.of(u.key(), String.valueOf(u.revision()),
                    String.valueOf(u.source()), String.valueOf(u.pulled()))).toList());
        }
    }

    @Test
    void numericLookingRevisionsSurviveAWriteAndRead() throws Exception {
        String digits = "1234567890123456789012345678901234567890";
        Manifest m = new Manifest(null, List.of(new Manifest.Deployment("d", null, null,
                List.of(new Manifest.Use(RepoType.MODEL, "acme/x", digits, null, null, 0)), 0)));
        Manifest back = ManifestParser.parse("x.yaml", ManifestWriter.write(m, null));
        assertEquals(digits, back.deployments().get(0).uses().get(0).revision());
    }

    @Test
    void artifactSpecsArePinnedToCommits() {
        ArtifactSpec s = ArtifactSpec.parse("dataset:acme/data@" + "AB".repeat(20));
        assertEquals(RepoType.DATASET, s.type());
        assertEquals("acme/data", s.repo());
        assertEquals("ab".repeat(20), s.revision());
        assertEquals("dataset:acme/data", s.key());
        IllegalArgumentException noRev = assertThrows(IllegalArgumentException.class, () -> ArtifactSpec.parse("model:acme/x"));
        assertTrue(noRev.getMessage().startsWith("approvals are pinned to a revision"), noRev.getMessage());
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class, () -> ArtifactSpec.parse("model:acme/x@v1.0"));
        assertTrue(tag.getMessage().contains("not a commit"), tag.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArtifactSpec.parse("weights:acme/x@" + "a".repeat(40)));
        assertThrows(IllegalArgumentException.class, () -> ArtifactSpec.parse("acme/x@" + "a".repeat(40)));
    }
}
