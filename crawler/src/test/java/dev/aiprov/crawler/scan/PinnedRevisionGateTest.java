package dev.aiprov.crawler.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.inventory.Policy;
import dev.aiprov.inventory.PolicyEvaluator;
import dev.aiprov.inventory.PolicyRule;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.PolicyQueries;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident runbook and the policy gate agree: org/m's head carries a malicious pickle, its previous
 * revision a clean state dict. The crawl (real job, scan step, embedded graph) scans every revision a
 * deployment pins, so the deployment pinned to the clean revision passes the gate, while the ones pinned
 * to the head or following main fail with the finding.
 */
class PinnedRevisionGateTest extends EmbeddedGraphTest {

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub();
    private final FakeHub resolve = hub;   // the same Hub serves the files
    private String head;
    private String old;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PinnedRevisionGateTest.class.getResourceAsStream("/checkpoints/" + name)) {
            return in.readAllBytes();
        }
    }

    private void serve(List<ObjectNode> tree, String rev, String path, byte[] data, boolean lfs) {
        tree.add(FakeHub.file(path, data.length, lfs ? FakeHub.sha256(data) : null));
        resolve.put("/org/m/resolve/" + rev + "/" + path, data, lfs);
    }

    @BeforeEach
    void world() throws IOException {
        server.setDispatcher(resolve);
        hub.add(RepoType.MODEL, "org/m");
        head = hub.info(RepoType.MODEL, "org/m").get("sha").asText();
        old = hub.commits(RepoType.MODEL, "org/m").get(1).get("id").asText();
        byte[] config = "{\"architectures\":[\"Tiny\"]}".getBytes(StandardCharsets.UTF_8);
        List<ObjectNode> headTree = hub.tree(RepoType.MODEL, "org/m");
        headTree.clear();
        serve(headTree, head, "pytorch_model.bin", resource("extension_lie_pytorch_model.bin"), true);
        serve(headTree, head, "config.json", config, false);
        List<ObjectNode> oldTree = hub.treeAt(RepoType.MODEL, "org/m", old);
        serve(oldTree, old, "pytorch_model.bin", resource("torch_state_dict.pt"), true);
        serve(oldTree, old, "config.json", config, false);   // same content as at the head: judged once

        new InventoryStore(graph).importDeployments(List.of(
                deployment("pinned-known-good", old, true), deployment("pinned-head", head, true),
                deployment("floating", null, false)));
        ApprovalStore approvals = new ApprovalStore(graph);
        for (String rev : List.of(old, head)) {
            approvals.record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "org/m", rev, "alice", "reviewed", null, Instant.now());
        }
    }

    private static InventoryStore.DeploymentRow deployment(String name, String rev, boolean pinned) {
        return new InventoryStore.DeploymentRow(name, "prod", "team", null,
                List.of(new InventoryStore.UseRow(RepoType.MODEL, "org/m", rev, pinned, null, null, null)));
    }

    private CrawlSummary crawl() {
        CrawlOptions o = CrawlOptions.builder(home).endpoint(server.url("/").toString()).env(Map.<String, String>of()::get)
                .log(m -> { }).model("org/m").build();
        return CrawlRunner.run(o, graph, CrawlListener.NONE, RemoteScanner.step(graph, Scanner.withDefaults(), 2, 1 << 20, 10_000));
    }

    private Map<String, Set<PolicyRule>> gate() {
        List<PolicyQueries.UseFacts> facts = new PolicyQueries(graph).facts(null, PolicyEvaluator.severitiesAtOrAbove(Severity.HIGH));
        PolicyEvaluator.Report report = new PolicyEvaluator(Policy.defaults(), Instant.now(), Scanner.VERSION).evaluate(facts);
        Map<String, Set<PolicyRule>> out = report.violations().stream().collect(Collectors.groupingBy(
                PolicyEvaluator.Violation::deployment, Collectors.mapping(PolicyEvaluator.Violation::rule,
                        Collectors.toCollection(TreeSet::new))));
        facts.forEach(f -> out.putIfAbsent(f.deployment(), Set.of()));
        return out;
    }

    @Test
    void theKnownGoodPinPassesTheGateAndTheHeadFailsItWithTheFinding() {
        CrawlSummary s = crawl();
        assertTrue(s.completed(), s.failure());

        Map<String, Set<PolicyRule>> gate = gate();
        assertEquals(Set.of(), gate.get("pinned-known-good"), gate.toString());
        assertEquals(Set.of(PolicyRule.SEVERE_FINDING), gate.get("pinned-head"), gate.toString());
        assertEquals(Set.of(PolicyRule.NOT_PINNED, PolicyRule.SEVERE_FINDING), gate.get("floating"), gate.toString());
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Revision {sha: $old})-[:HAS_FILE]->(:File {path: 'pytorch_model.bin'})"
                + "-[:SCANNED_AS]->(:ScanResult {status: 'judged'}) RETURN count(*)", Map.of("old", old)));

        // content addressing: the config both revisions carry was fetched once
        assertEquals(1, resolve.log().stream().filter(l -> l.startsWith("GET /org/m/resolve/") && l.contains("config.json"))
                .count(), resolve.log().toString());
        // a second crawl lists the pinned revision's tree no more and scans nothing
        hub.clearRequests();
        resolve.log().clear();
        CrawlSummary again = crawl();
        assertTrue(again.completed(), again.failure());
        assertEquals(0, hub.count("/api/models/org/m/tree/" + old), hub.requests().toString());
        assertEquals(0, again.scan().scanned(), again.scan().toString());
        assertTrue(resolve.log().stream().noneMatch(l -> l.contains("/resolve/")), resolve.log().toString());
    }
}
