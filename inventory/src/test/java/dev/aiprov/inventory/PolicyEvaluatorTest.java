package dev.aiprov.inventory;

import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.PolicyQueries;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.ScanFixtures;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each policy rule fires on a graph crafted to break it, and none fires on a compliant deployment. */
class PolicyEvaluatorTest extends EmbeddedGraphTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    ScanFixtures fx;

    @BeforeEach
    void empty() {
        fx = new ScanFixtures(graph);
    }

    /** A model that passes every rule: crawled, licensed, scanned by the current scanner, approved. */
    void compliant(String id, String sha) {
        fx.model(id, sha).scanned(RepoType.MODEL, id, sha, "model.safetensors", Scanner.VERSION);
        approve(RepoType.MODEL, id, sha, null);
    }

    void approve(RepoType t, String id, String sha, Instant expires) {
        new ApprovalStore(graph).record(ApprovalStore.Action.APPROVE, t, id, sha, "alice", "reviewed", expires,
                Instant.parse("2026-05-01T00:00:00Z"));
    }

    void deploy(String name, RepoType t, String id, String revision) {
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow(name, "prod", "team", "/repo/aiprov.yaml",
                List.of(new InventoryStore.UseRow(t, id, revision, RepoIds.isCommit(revision), null, null, 5)))));
    }

    List<PolicyEvaluator.Violation> check(Policy policy) {
        List<PolicyQueries.UseFacts> facts = new PolicyQueries(graph).facts(null,
                PolicyEvaluator.severitiesAtOrAbove(policy.findingThreshold()));
        return new PolicyEvaluator(policy, NOW, Scanner.VERSION).evaluate(facts).violations();
    }

    List<PolicyEvaluator.Violation> check() {
        return check(Policy.defaults());
    }

    static Set<PolicyRule> rules(List<PolicyEvaluator.Violation> vs) {
        EnumSet<PolicyRule> s = EnumSet.noneOf(PolicyRule.class);
        vs.forEach(v -> s.add(v.rule()));
        return s;
    }

    static PolicyEvaluator.Violation only(List<PolicyEvaluator.Violation> vs, PolicyRule r) {
        List<PolicyEvaluator.Violation> m = vs.stream().filter(v -> v.rule() == r).toList();
        assertEquals(1, m.size(), vs.toString());
        return m.get(0);
    }

    @Test
    void aCompliantDeploymentHasNoViolation() {
        compliant("acme/good", A);
        deploy("bot", RepoType.MODEL, "acme/good", A);
        PolicyQueries.UseFacts f = new PolicyQueries(graph).facts(null, List.of("critical", "high")).get(0);
        PolicyEvaluator.Report r = new PolicyEvaluator(Policy.defaults(), NOW, Scanner.VERSION).evaluate(List.of(f));
        assertEquals(List.of(), r.violations());
        assertEquals(1, r.checked());
        assertTrue(r.passed());
    }

    @Test
    void notApprovedFiresForANewRevisionAndForARevokedOrExpiredApproval() {
        compliant("acme/m", A);
        fx.scanned(RepoType.MODEL, "acme/m", B, "model.safetensors", Scanner.VERSION);
        deploy("bot", RepoType.MODEL, "acme/m", B);
        PolicyEvaluator.Violation v = only(check(), PolicyRule.NOT_APPROVED);
        assertEquals("model:acme/m@" + B.substring(0, 12) + " is not approved", v.message());
        assertEquals("bot", v.deployment());
        assertEquals("model:acme/m", v.artifact());
        assertEquals(B, v.revision());
        assertEquals("/repo/aiprov.yaml", v.manifest());
        assertEquals(5, v.line());

        deploy("bot", RepoType.MODEL, "acme/m", A);
        assertEquals(List.of(), check());
        new ApprovalStore(graph).record(ApprovalStore.Action.REVOKE, RepoType.MODEL, "acme/m", A, "bob", "CVE-2026-1",
                null, Instant.parse("2026-05-20T00:00:00Z"));
        assertTrue(only(check(), PolicyRule.NOT_APPROVED).message().startsWith("approval of model:acme/m@aaaaaaaaaaaa was revoked by bob"));
        approve(RepoType.MODEL, "acme/m", A, Instant.parse("2026-05-31T00:00:00Z"));
        assertTrue(only(check(), PolicyRule.NOT_APPROVED).message().contains("expired on 2026-05-31T00:00:00Z"));
    }

    @Test
    void anUnpinnedUseIsCheckedAgainstTheHeadAndBreaksThePinRule() {
        compliant("acme/m", A);
        deploy("bot", RepoType.MODEL, "acme/m", null);
        List<PolicyEvaluator.Violation> vs = check();
        assertEquals(EnumSet.of(PolicyRule.NOT_PINNED), rules(vs), "head A is approved and scanned");
        assertEquals("model:acme/m follows main: no revision is pinned", vs.get(0).message());
        fx.model("acme/m", B);   // upstream moved: the new head is neither approved nor scanned
        assertEquals(EnumSet.of(PolicyRule.NOT_PINNED, PolicyRule.NOT_APPROVED, PolicyRule.NOT_SCANNED), rules(check()));
    }

    @Test
    void neverScannedAndOldScannerAreSeparateRules() {
        fx.model("acme/m", A).file(RepoType.MODEL, "acme/m", A, "model.bin");
        approve(RepoType.MODEL, "acme/m", A, null);
        deploy("bot", RepoType.MODEL, "acme/m", A);
        assertEquals("model:acme/m@aaaaaaaaaaaa was never scanned", only(check(), PolicyRule.NOT_SCANNED).message());
        fx.scanned(RepoType.MODEL, "acme/m", A, "model.bin", "0.0.1");
        assertEquals("1 file of model:acme/m@aaaaaaaaaaaa last scanned by scanner 0.0.1 (current " + Scanner.VERSION + ")",
                only(check(), PolicyRule.OUTDATED_SCAN).message());
        fx.scanned(RepoType.MODEL, "acme/m", A, "model.bin", Scanner.VERSION);
        assertEquals(List.of(), check());
        assertTrue(PolicyEvaluator.compareVersions("0.10.0", "0.9.9") > 0);
        assertTrue(PolicyEvaluator.compareVersions("1.0", "1.0.0") == 0);
    }

    @Test
    void aSevereFindingInABaseModelIsReportedWithTheLineagePath() {
        compliant("acme/adapter", A);
        fx.model("acme/ft", B).model("meta/base", C).derived("acme/adapter", "acme/ft").derived("acme/ft", "meta/base")
                .finding(RepoType.MODEL, "meta/base", C, "pytorch_model.bin", "PICKLE_GLOBAL_OS_SYSTEM", "critical")
                .finding(RepoType.MODEL, "acme/ft", B, "README.md", "MEDIUM_THING", "medium");
        deploy("bot", RepoType.MODEL, "acme/adapter", A);
        PolicyEvaluator.Violation v = only(check(), PolicyRule.SEVERE_FINDING);
        assertEquals(List.of("acme/adapter", "acme/ft", "meta/base"), v.path());
        assertEquals("critical finding PICKLE_GLOBAL_OS_SYSTEM in pytorch_model.bin of base model meta/base, inherited via "
                + "acme/adapter -> acme/ft -> meta/base", v.message());
        // the threshold is switchable: at medium the fine-tune's own finding counts too
        Policy medium = new Policy(Policy.defaults().enabled(), Severity.MEDIUM, null);
        List<PolicyEvaluator.Violation> vs = check(medium).stream().filter(x -> x.rule() == PolicyRule.SEVERE_FINDING).toList();
        assertEquals(List.of(List.of("acme/adapter", "acme/ft", "meta/base"), List.of("acme/adapter", "acme/ft")),
                vs.stream().map(PolicyEvaluator.Violation::path).sorted((x, y) -> y.size() - x.size()).toList());
    }

    @Test
    void anOwnFindingHasAOneElementPath() {
        compliant("acme/m", A);
        fx.finding(RepoType.MODEL, "acme/m", A, "model.pkl", "PICKLE_GLOBAL_OS_SYSTEM", "high");
        deploy("bot", RepoType.MODEL, "acme/m", A);
        PolicyEvaluator.Violation v = only(check(), PolicyRule.SEVERE_FINDING);
        assertEquals(List.of("acme/m"), v.path());
        assertEquals("high finding PICKLE_GLOBAL_OS_SYSTEM in model.pkl", v.message());
    }

    @Test
    void remoteCodeFiresOnAFindingOrACustomCodeTagAlongTheLineage() {
        compliant("acme/m", A);
        fx.finding(RepoType.MODEL, "acme/m", A, "config.json", "REMOTE_CODE_AUTO_MAP", "medium");
        deploy("bot", RepoType.MODEL, "acme/m", A);
        PolicyEvaluator.Violation v = only(check(), PolicyRule.REMOTE_CODE);
        assertEquals("requires trust_remote_code: REMOTE_CODE_AUTO_MAP in config.json", v.message());

        empty();
        compliant("acme/lora", A);
        fx.repo(RepoType.MODEL, "exotic/base", B, "mit", List.of("custom_code"), "ok", false).derived("acme/lora", "exotic/base");
        deploy("bot", RepoType.MODEL, "acme/lora", A);
        v = only(check(), PolicyRule.REMOTE_CODE);
        assertEquals(List.of("acme/lora", "exotic/base"), v.path());
        assertEquals("requires trust_remote_code: exotic/base is tagged custom_code, inherited via acme/lora -> exotic/base", v.message());
    }

    @Test
    void licenceRuleIsOffByDefaultAndChecksTheAllowlistWhenGiven() throws Exception {
        fx.repo(RepoType.MODEL, "acme/m", A, "llama3", List.of(), "ok", false)
                .scanned(RepoType.MODEL, "acme/m", A, "model.safetensors", Scanner.VERSION);
        approve(RepoType.MODEL, "acme/m", A, null);
        deploy("bot", RepoType.MODEL, "acme/m", A);
        assertEquals(List.of(), check());
        Policy p = Policy.parse("policy.yaml", "rules:\n  license_not_allowed:\n    allow: [apache-2.0, MIT]\n");
        assertEquals("model:acme/m is licensed 'llama3', outside the allowlist", only(check(p), PolicyRule.LICENSE_NOT_ALLOWED).message());
        fx.repo(RepoType.MODEL, "acme/m", A, "mit", List.of(), "ok", false);
        assertEquals(List.of(), check(p));
    }

    @Test
    void upstreamGatedDisabledOrMissingIsAViolation() {
        compliant("acme/m", A);
        deploy("bot", RepoType.MODEL, "acme/m", A);
        for (String status : List.of("gated", "private", "missing", "disabled")) {
            fx.repo(RepoType.MODEL, "acme/m", A, "mit", List.of(), status, null);
            assertEquals("model:acme/m is " + status + " upstream", only(check(), PolicyRule.UPSTREAM_UNAVAILABLE).message());
        }
        fx.repo(RepoType.MODEL, "acme/m", A, "mit", List.of(), "ok", true);
        assertEquals("model:acme/m is disabled upstream", only(check(), PolicyRule.UPSTREAM_UNAVAILABLE).message());
    }

    @Test
    void aLeakedSecretInAnyRevisionIsAViolation() {
        compliant("acme/m", A);
        fx.secret(RepoType.MODEL, "acme/m", B, ".env", "f".repeat(64));
        deploy("bot", RepoType.MODEL, "acme/m", A);
        assertEquals("1 secret leaked in the files of model:acme/m", only(check(), PolicyRule.LEAKED_SECRET).message());
    }

    @Test
    void datasetsAndSpacesAreCheckedToo() {
        fx.repo(RepoType.DATASET, "acme/data", A, "cc-by-4.0", List.of(), "ok", false);
        deploy("bot", RepoType.DATASET, "acme/data", A);
        assertEquals(EnumSet.of(PolicyRule.NOT_APPROVED, PolicyRule.NOT_SCANNED), rules(check()));
        approve(RepoType.DATASET, "acme/data", A, null);
        fx.scanned(RepoType.DATASET, "acme/data", A, "train.parquet", Scanner.VERSION);
        assertEquals(List.of(), check());
    }

    @Test
    void everyRuleCanBeSwitchedOffInThePolicyFile() throws Exception {
        fx.repo(RepoType.MODEL, "acme/m", null, null, List.of(), "missing", null);
        deploy("bot", RepoType.MODEL, "acme/m", null);
        assertEquals(EnumSet.of(PolicyRule.NOT_APPROVED, PolicyRule.NOT_PINNED, PolicyRule.NOT_SCANNED,
                PolicyRule.UPSTREAM_UNAVAILABLE), rules(check()));
        Policy off = Policy.parse("p.yaml", """
                rules:
                  not_approved: false
                  not_pinned: off
                  not_scanned: {enabled: false}
                  upstream_unavailable: no
                """);
        assertEquals(List.of(), check(off));
    }

    @Test
    void badPolicyFilesAreLineNumberedErrors() {
        ManifestException e = assertThrows(ManifestException.class, () -> Policy.parse("p.yaml", """
                rules:
                  not_aproved: false
                  severe_finding:
                    severity: catastrophic
                  not_pinned: maybe
                """));
        assertEquals(List.of(
                "p.yaml:2: unknown rule 'not_aproved' (known: not_approved, not_pinned, not_scanned, outdated_scan, "
                        + "severe_finding, remote_code, license_not_allowed, upstream_unavailable, leaked_secret)",
                "p.yaml:4: severity must be critical, high, medium, low or info",
                "p.yaml:5: rule 'not_pinned' must be true, false or a mapping of options"), e.problems());
    }
}
