package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.ScanFixtures;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventory, approval and policy commands end to end, on a real embedded graph and real files. */
class InventoryCommandsTest {
    static final String LLM = "0123456789abcdef0123456789abcdef01234567";
    static final String TAGGER = "89abcdef0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path fixture(String name) throws Exception {
        return Path.of(InventoryCommandsTest.class.getResource("/inventory/" + name).toURI());
    }

    String graph() {
        return dir.resolve("graph").toString();
    }

    @Test
    void importListApproveRevokeAndTheGateEndToEnd() throws Exception {
        Path manifest = fixture("aiprov.yaml");
        CliRun imp = CliRun.of("--graph", graph(), "inventory", "import", manifest.toString());
        assertEquals(0, imp.exit(), imp.err());
        assertTrue(imp.err().contains("imported 2 deployments, 3 uses"), imp.err());

        CliRun noRev = CliRun.of("--graph", graph(), "approve", "model:acme/support-llm", "--by", "alice", "--reason", "ok");
        assertEquals(2, noRev.exit());
        assertTrue(noRev.err().contains("approvals are pinned to a revision"), noRev.err());
        assertEquals(1, noRev.err().lines().count(), noRev.err());   // one line, never a usage dump

        CliRun ok = CliRun.of("--graph", graph(), "approve", "model:acme/support-llm@" + LLM, "--by", "alice",
                "--reason", "reviewed", "--expires", "2099-01-01");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("approved model:acme/support-llm@" + LLM + " by alice until 2099-01-01T00:00:00Z"), ok.out());
        CliRun rv = CliRun.of("--graph", graph(), "revoke", "model:acme/tagger@" + TAGGER, "--by", "bob", "--reason", "CVE");
        assertEquals(0, rv.exit(), rv.err());

        CliRun list = CliRun.of("--graph", graph(), "inventory", "list", "--format", "json");
        assertEquals(0, list.exit(), list.err());
        JsonNode uses = JSON.readTree(list.out());
        assertEquals(3, uses.size());
        JsonNode llm = uses.get(1);
        assertEquals("support-bot", llm.get("deployment").asText());
        assertEquals("model:acme/support-llm", llm.get("artifact").asText());
        assertEquals(LLM, llm.get("revision").asText());
        assertEquals("https://huggingface.co", llm.get("source").asText());
        assertEquals("2026-10-01T12:00:00Z", llm.get("pulledAt").asText());
        assertEquals("approved", llm.get("approval").asText());
        assertEquals("not scanned", llm.get("worstFinding").asText());
        JsonNode tickets = uses.get(0);
        assertEquals("dataset:acme/tickets", tickets.get("artifact").asText());
        assertTrue(tickets.get("revision").isNull());
        assertTrue(tickets.get("followsMain").asBoolean());
        assertEquals("not approved", tickets.get("approval").asText());
        assertEquals("revoked", uses.get(2).get("approval").asText());

        CliRun csv = CliRun.of("--graph", graph(), "inventory", "list", "--format", "csv", "--deployment", "tagger");
        assertEquals(List.of("deployment,environment,owner,artifact,revision,source,pulled,approval,worst_finding",
                "tagger,staging,team-data,model:acme/tagger," + TAGGER + ",https://huggingface.co (default),,revoked,not scanned"),
                csv.out().lines().toList());

        CliRun gate = CliRun.of("--graph", graph(), "policy", "check", "--format", "json");
        assertEquals(1, gate.exit(), gate.err());
        JsonNode report = JSON.readTree(gate.out());
        assertEquals(3, report.get("checked").asInt());
        List<String> got = new ArrayList<>();
        for (JsonNode v : report.get("violations")) got.add(v.get("deployment").asText() + " " + v.get("artifact").asText() + " " + v.get("rule").asText());
        assertEquals(List.of(
                "support-bot dataset:acme/tickets NOT_APPROVED", "support-bot dataset:acme/tickets NOT_PINNED",
                "support-bot dataset:acme/tickets NOT_SCANNED",
                "support-bot model:acme/support-llm NOT_SCANNED",
                "tagger model:acme/tagger NOT_APPROVED", "tagger model:acme/tagger NOT_SCANNED"), got);
        JsonNode revoked = report.get("violations").get(4);
        assertEquals(TAGGER, revoked.get("revision").asText());
        assertTrue(revoked.get("message").asText().startsWith("approval of model:acme/tagger@89abcdef0123 was revoked by bob"),
                revoked.toString());
        assertEquals("acme/tagger", revoked.get("path").get(0).asText());

        CliRun sarif = CliRun.of("--graph", graph(), "policy", "check", "--deployment", "tagger", "--format", "sarif");
        assertEquals(1, sarif.exit(), sarif.err());
        JsonNode run = JSON.readTree(sarif.out()).get("runs").get(0);
        assertEquals(List.of("NOT_APPROVED", "NOT_SCANNED"), List.of(run.get("tool").get("driver").get("rules").get(0).get("id").asText(),
                run.get("tool").get("driver").get("rules").get(1).get("id").asText()));
        JsonNode loc = run.get("results").get(0).get("locations").get(0).get("physicalLocation");
        assertTrue(loc.get("artifactLocation").get("uri").asText().endsWith("inventory/aiprov.yaml"), loc.toString());
        assertEquals(15, loc.get("region").get("startLine").asInt(), "the line of the use in the manifest");

        CliRun unknown = CliRun.of("--graph", graph(), "policy", "check", "--deployment", "nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no deployment named 'nope'"), unknown.err());
    }

    @Test
    void aCompliantDeploymentPassesTheGateWithExitZero() throws Exception {
        try (Graph g = Graph.open(GraphConfig.embedded(Path.of(graph())))) {
            new ScanFixtures(g).model("acme/tagger", TAGGER)
                    .scanned(RepoType.MODEL, "acme/tagger", TAGGER, "model.safetensors", Scanner.VERSION);
        }
        assertEquals(0, CliRun.of("--graph", graph(), "inventory", "import", fixture("aiprov.yaml").toString()).exit());
        assertEquals(0, CliRun.of("--graph", graph(), "approve", "model:acme/tagger@" + TAGGER, "--by", "a", "--reason", "r").exit());
        CliRun gate = CliRun.of("--graph", graph(), "policy", "check", "--deployment", "tagger");
        assertEquals(0, gate.exit(), gate.out() + gate.err());
        assertEquals("policy passed: 1 use in 1 deployment checked\n", gate.out());
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "rules:\n  license_not_allowed:\n    allow: [mit]\n");
        CliRun lic = CliRun.of("--graph", graph(), "policy", "check", "--deployment", "tagger", "--policy", policy.toString());
        assertEquals(1, lic.exit(), lic.out());
        assertTrue(lic.out().startsWith("tagger: LICENSE_NOT_ALLOWED: model:acme/tagger is licensed 'apache-2.0', outside the allowlist\n"),
                lic.out());
        Files.writeString(policy, "rules:\n  licence: {allow: [mit]}\n");
        CliRun badPolicy = CliRun.of("--graph", graph(), "policy", "check", "--policy", policy.toString());
        assertEquals(2, badPolicy.exit());
        assertTrue(badPolicy.err().contains("policy.yaml:2: unknown rule 'licence'"), badPolicy.err());
    }

    @Test
    void aBadManifestPrintsEveryErrorWithItsLineAndNeverTouchesTheGraph() throws Exception {
        Path bad = fixture("bad.yaml");
        CliRun r = CliRun.of("--graph", graph(), "inventory", "import", bad.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of(bad + ":6: bad date 'last tuesday': expected ISO-8601 like 2026-10-01T12:00:00Z or 2026-10-01",
                bad + ":7: bad model id 'acme': expected org/name"), r.err().lines().toList());
        assertFalse(Files.exists(dir.resolve("graph")), "the graph was not even opened");
    }

    @Test
    void discoverPrintsJsonWritesAManifestAndImportsIt() throws Exception {
        Path src = fixture("src");
        Path out = dir.resolve("found.yaml");
        CliRun r = CliRun.of("--graph", graph(), "inventory", "discover", src.toString(), "--format", "json",
                "--write-manifest", out.toString(), "--import", "--deployment", "from-src");
        assertEquals(0, r.exit(), r.err());
        JsonNode refs = JSON.readTree(r.out());
        assertEquals(2, refs.size());
        assertEquals("dataset", refs.get(0).get("type").asText());
        assertEquals("acme/tickets", refs.get(0).get("repo").asText());
        assertTrue(refs.get(0).get("revision").isNull());
        assertEquals("Dockerfile", refs.get(0).get("file").asText());
        assertEquals(2, refs.get(0).get("line").asInt());
        assertEquals("model", refs.get(1).get("type").asText());
        assertEquals(LLM, refs.get(1).get("revision").asText());
        assertEquals("app.py", refs.get(1).get("file").asText());
        assertEquals(3, refs.get(1).get("line").asInt());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("name: from-src"), yaml);
        assertTrue(yaml.contains("- model: acme/support-llm"), yaml);
        CliRun list = CliRun.of("--graph", graph(), "inventory", "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("from-src") && l.contains("dataset:acme/tickets") && l.contains("follows main")),
                list.out());
        assertTrue(list.out().endsWith("(2 uses)\n"), list.out());
    }

    @Test
    void cachePrintsRevisionsWithPullDatesAndImportNeedsADeployment() throws Exception {
        Path cache = dir.resolve("hub");
        String sha = "e".repeat(40);
        Path snap = Files.createDirectories(cache.resolve("models--acme--cached/snapshots/" + sha));
        Files.createDirectories(cache.resolve("models--acme--cached/refs"));
        Files.writeString(cache.resolve("models--acme--cached/refs/main"), sha);
        Path blob = Files.writeString(Files.createDirectories(cache.resolve("models--acme--cached/blobs")).resolve("abc"), "{}");
        Files.createSymbolicLink(snap.resolve("config.json"), Path.of("../../blobs/abc"));
        Files.setLastModifiedTime(blob, FileTime.from(Instant.parse("2026-03-03T03:03:03Z")));
        Files.setLastModifiedTime(snap, FileTime.from(Instant.parse("2026-03-01T00:00:00Z")));

        CliRun r = CliRun.of("inventory", "cache", cache.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode e = JSON.readTree(r.out()).get(0);
        assertEquals("model", e.get("type").asText());
        assertEquals("acme/cached", e.get("repo").asText());
        assertEquals(sha, e.get("revision").asText());
        assertEquals("2026-03-03T03:03:03Z", e.get("pulledAt").asText());
        assertEquals("main", e.get("refs").get(0).asText());

        CliRun noName = CliRun.of("inventory", "cache", cache.toString(), "--import");
        assertEquals(2, noName.exit());
        assertTrue(noName.err().contains("--import needs --deployment NAME"), noName.err());

        Path out = dir.resolve("cache.yaml");
        CliRun write = CliRun.of("inventory", "cache", cache.toString(), "--write-manifest", out.toString(), "--deployment", "laptop");
        assertEquals(0, write.exit(), write.err());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("name: laptop") && yaml.contains("revision: " + sha) && yaml.contains("pulled: 2026-03-03T03:03:03Z"), yaml);
        CliRun missing = CliRun.of("inventory", "cache", dir.resolve("nope").toString());
        assertEquals(2, missing.exit());
    }
}
