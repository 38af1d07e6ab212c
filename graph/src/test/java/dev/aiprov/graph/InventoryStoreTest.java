package dev.aiprov.graph;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deployments, approvals and policy facts on the real embedded Neo4j. */
class InventoryStoreTest extends EmbeddedGraphTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");


    static InventoryStore.UseRow use(RepoType t, String repo, String rev, Integer line) {
        return new InventoryStore.UseRow(t, repo, rev, rev != null && rev.length() == 40, "https://huggingface.co",
                Instant.parse("2026-05-01T12:00:00Z"), line);
    }

    @Test
    void importCreatesDeploymentsUsesAndUnresolvedReposAndReimportReplacesTheUses() {
        InventoryStore store = new InventoryStore(graph);
        store.importDeployments(List.of(new InventoryStore.DeploymentRow("bot", "prod", "team", "/m/aiprov.yaml", List.of(
                use(RepoType.MODEL, "acme/llm", A, 7), use(RepoType.DATASET, "acme/data", null, 9),
                use(RepoType.SPACE, "acme/demo", "main", 10)))));
        assertEquals(3, TestGraphs.count(graph, "MATCH (:Deployment {name:'bot', env:'prod', owner:'team'})-[u:USES]->() RETURN count(u)"));
        assertEquals(1, TestGraphs.count(graph, """
                MATCH (:Deployment {name:'bot'})-[u:USES {revision:$a, pinned:true, source:'https://huggingface.co', line:7}]
                      ->(m:Model:Repo {id:'acme/llm', key:'model:acme/llm', unresolved:true})
                WHERE u.pulledAt = datetime('2026-05-01T12:00:00Z') RETURN count(u)""", Map.of("a", A)));
        assertEquals(1, TestGraphs.count(graph,
                "MATCH (:Deployment)-[u:USES {pinned:false}]->(:Dataset:Repo {key:'dataset:acme/data'}) WHERE u.revision IS NULL RETURN count(u)"));
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Deployment)-[:USES {revision:'main', pinned:false}]->(:Space {id:'acme/demo'}) RETURN count(*)"));

        // re-import: one use changed revision, one dropped; env kept when not given
        store.importDeployments(List.of(new InventoryStore.DeploymentRow("bot", null, "team-2", null,
                List.of(use(RepoType.MODEL, "acme/llm", B, 3)))));
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Deployment {name:'bot'})-[u:USES]->() RETURN count(u)"));
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Deployment {name:'bot', env:'prod', owner:'team-2', manifest:'/m/aiprov.yaml'})"
                + "-[:USES {revision:$b}]->(:Model {id:'acme/llm'}) RETURN count(*)", Map.of("b", B)));
        // the repo nodes stay (a crawl may fill them in); only the edges went
        assertEquals(3, TestGraphs.count(graph, "MATCH (r:Repo) RETURN count(r)"));
        long[] before = TestGraphs.totals(graph);
        store.importDeployments(List.of(new InventoryStore.DeploymentRow("bot", null, "team-2", null,
                List.of(use(RepoType.MODEL, "acme/llm", B, 3)))));
        assertArrayEquals(before, TestGraphs.totals(graph), "importing the same manifest twice changes nothing");
    }

    @Test
    void importingOneDeploymentLeavesOthersAloneAndACrawlResolvesTheRepo() {
        InventoryStore store = new InventoryStore(graph);
        store.importDeployments(List.of(
                new InventoryStore.DeploymentRow("a", "prod", "x", null, List.of(use(RepoType.MODEL, "acme/one", A, null))),
                new InventoryStore.DeploymentRow("b", "dev", "y", null, List.of(use(RepoType.MODEL, "acme/one", null, null)))));
        store.importDeployments(List.of(new InventoryStore.DeploymentRow("a", "prod", "x", null, List.of())));
        assertEquals(0, TestGraphs.count(graph, "MATCH (:Deployment {name:'a'})-[u:USES]->() RETURN count(u)"));
        assertEquals(1, TestGraphs.count(graph, "MATCH (:Deployment {name:'b'})-[u:USES]->() RETURN count(u)"));
        new ScanFixtures(graph).model("acme/one", B);
        assertEquals(1, TestGraphs.count(graph, "MATCH (m:Model {id:'acme/one', unresolved:false, sha:$b}) RETURN count(m)", Map.of("b", B)));
        assertEquals(List.of("a", "b"), store.deploymentNames());
    }

    @Test
    void artifactsInUseListEachRepoWithItsRevisionsAndWhetherItFollowsMain() {
        InventoryStore store = new InventoryStore(graph);
        store.importDeployments(List.of(
                new InventoryStore.DeploymentRow("a", null, null, null, List.of(use(RepoType.MODEL, "acme/one", A, null),
                        use(RepoType.DATASET, "acme/data", B, null))),
                new InventoryStore.DeploymentRow("b", null, null, null, List.of(use(RepoType.MODEL, "acme/one", null, null),
                        use(RepoType.MODEL, "acme/one", B, null)))));
        List<InventoryStore.ArtifactInUse> in = store.artifactsInUse();
        assertEquals(2, in.size());
        assertEquals(new InventoryStore.ArtifactInUse(RepoType.DATASET, "acme/data", List.of(B), false), in.get(0));
        assertEquals(RepoType.MODEL, in.get(1).type());
        assertEquals("acme/one", in.get(1).id());
        assertEquals(List.of(A, B), in.get(1).revisions().stream().sorted().toList());
        assertTrue(in.get(1).followsMain());
    }

    @Test
    void approvalsArePinnedFactsWhoseLatestDecidesAndExpire() {
        ApprovalStore approvals = new ApprovalStore(graph);
        approvals.record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "acme/llm", A, "alice", "reviewed",
                Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"));
        assertEquals(ApprovalState.APPROVED, approvals.state(RepoType.MODEL, "acme/llm", A, NOW));
        assertEquals(ApprovalState.NOT_APPROVED, approvals.state(RepoType.MODEL, "acme/llm", B, NOW), "a new revision is not approved");
        assertEquals(ApprovalState.EXPIRED, approvals.state(RepoType.MODEL, "acme/llm", A, Instant.parse("2026-07-01T00:00:00Z")));
        approvals.record(ApprovalStore.Action.REVOKE, RepoType.MODEL, "acme/llm", A, "bob", "CVE found", null,
                Instant.parse("2026-05-02T00:00:00Z"));
        assertEquals(ApprovalState.REVOKED, approvals.state(RepoType.MODEL, "acme/llm", A, NOW));
        approvals.record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "acme/llm", A, "carol", "patched upstream", null,
                Instant.parse("2026-05-03T00:00:00Z"));
        assertEquals(ApprovalState.APPROVED, approvals.state(RepoType.MODEL, "acme/llm", A, NOW));
        List<ApprovalStore.Fact> h = approvals.history(RepoType.MODEL, "acme/llm", A);
        assertEquals(List.of("alice", "bob", "carol"), h.stream().map(ApprovalStore.Fact::by).toList());
        assertEquals(List.of(1L, 2L, 3L), h.stream().map(ApprovalStore.Fact::seq).toList());
        assertEquals(Instant.parse("2026-07-01T00:00:00Z"), h.get(0).expires());
        assertEquals("CVE found", h.get(1).reason());
        // never deleted: three facts, all pointing at the (unresolved) repo
        assertEquals(3, TestGraphs.count(graph, """
                MATCH (a:Approval {artifact:'model:acme/llm', revision:$a})-[:APPROVES]->(:Model:Repo {id:'acme/llm', unresolved:true})
                RETURN count(a)""", Map.of("a", A)));
        assertEquals(ApprovalState.NOT_APPROVED, approvals.state(RepoType.DATASET, "acme/llm", A, NOW), "types are distinct");
    }

    @Test
    void listShowsApprovalForTheRevisionInUseAndTheWorstFinding() {
        ScanFixtures fx = new ScanFixtures(graph);
        fx.model("acme/llm", A).finding(RepoType.MODEL, "acme/llm", A, "model.pkl", "PICKLE_GLOBAL_OS_SYSTEM", "critical")
                .finding(RepoType.MODEL, "acme/llm", A, "README.md", "SOME_LOW", "low");
        fx.model("acme/clean", A).scanned(RepoType.MODEL, "acme/clean", A, "model.safetensors", "0.1.0");
        InventoryStore store = new InventoryStore(graph);
        store.importDeployments(List.of(new InventoryStore.DeploymentRow("bot", "prod", "team", null, List.of(
                use(RepoType.MODEL, "acme/llm", null, null), use(RepoType.MODEL, "acme/clean", A, null),
                use(RepoType.DATASET, "acme/new", null, null)))));
        new ApprovalStore(graph).record(ApprovalStore.Action.APPROVE, RepoType.MODEL, "acme/llm", A, "alice", "ok", null,
                Instant.parse("2026-05-01T00:00:00Z"));
        List<InventoryStore.Item> items = store.list(null, NOW);
        assertEquals(List.of("dataset:acme/new", "model:acme/clean", "model:acme/llm"), items.stream().map(InventoryStore.Item::key).toList());
        InventoryStore.Item data = items.get(0), clean = items.get(1), llm = items.get(2);
        assertNull(data.worstFinding(), "never scanned");
        assertEquals(ApprovalState.NOT_APPROVED, data.approval());
        assertNull(data.effectiveRevision());
        assertEquals("none", clean.worstFinding());
        assertEquals(ApprovalState.NOT_APPROVED, clean.approval());
        assertEquals("critical", llm.worstFinding());
        assertEquals(A, llm.effectiveRevision(), "unpinned use is judged at the head sha");
        assertEquals(ApprovalState.APPROVED, llm.approval());
        assertNull(llm.revision());
        assertFalse(llm.pinned());
        assertEquals(Instant.parse("2026-05-01T12:00:00Z"), llm.pulledAt());
        assertEquals(0, store.list("nobody", NOW).size());
        assertEquals(3, store.list("bot", NOW).size());
    }

    @Test
    void policyFactsCarryLineagePathsScansTagsAndSecrets() {
        ScanFixtures fx = new ScanFixtures(graph);
        fx.model("acme/adapter", A).model("acme/ft", B).model("meta/base", "c".repeat(40))
                .derived("acme/adapter", "acme/ft").derived("acme/ft", "meta/base")
                .finding(RepoType.MODEL, "meta/base", "c".repeat(40), "pytorch_model.bin", "PICKLE_GLOBAL_OS_SYSTEM", "critical")
                .finding(RepoType.MODEL, "meta/base", "d".repeat(40), "old.bin", "OLD_REVISION_ONLY", "critical")
                .finding(RepoType.MODEL, "acme/ft", B, "notes.md", "LOW_THING", "low")
                .scanned(RepoType.MODEL, "acme/adapter", A, "adapter.safetensors", "0.0.9")
                .secret(RepoType.MODEL, "acme/adapter", "e".repeat(40), "old/.env", "f".repeat(64));
        fx.repo(RepoType.MODEL, "meta/base", "c".repeat(40), "llama3", List.of("custom_code"), "gated", null);
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow("bot", "prod", "t", "/x/aiprov.yaml",
                List.of(use(RepoType.MODEL, "acme/adapter", A, 12)))));
        List<PolicyQueries.UseFacts> facts = new PolicyQueries(graph).facts("bot", List.of("critical", "high"));
        assertEquals(1, facts.size());
        PolicyQueries.UseFacts f = facts.get(0);
        assertEquals("/x/aiprov.yaml", f.manifest());
        assertEquals(12, f.line());
        assertEquals(A, f.effectiveRevision());
        assertEquals(List.of(new PolicyQueries.FileScan("adapter.safetensors", List.of("0.0.9"))), f.scans());
        assertEquals(List.of(new PolicyQueries.LineageFinding(List.of("acme/adapter", "acme/ft", "meta/base"), "c".repeat(40),
                "pytorch_model.bin", "PICKLE_GLOBAL_OS_SYSTEM", "critical")), f.findings(),
                "base's current revision only, low findings filtered out");
        assertEquals(List.of(List.of("acme/adapter", "acme/ft", "meta/base")), f.customCodePaths());
        assertEquals(1, f.leakedSecrets(), "a secret in any revision counts");
        assertEquals("ok", f.repoState().status());
        assertEquals(0, new PolicyQueries(graph).facts("other", List.of("critical")).size());
    }
}
