package dev.aiprov.inventory;

import dev.aiprov.graph.ApprovalState;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.Availability;
import dev.aiprov.graph.PolicyQueries.FileScan;
import dev.aiprov.graph.PolicyQueries.LineageFinding;
import dev.aiprov.graph.PolicyQueries.UseFacts;
import dev.aiprov.scanner.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the facts of each deployment use against a {@link Policy}. Pure: no graph, no clock (the
 * caller passes {@code now}) and the current scanner version is a parameter.
 */
public final class PolicyEvaluator {
    /**
     * A broken rule. {@code artifact} is the repo key ({@code model:org/name}), {@code revision} the one
     * in use (null when unknown), {@code path} the repo ids from the artifact to the repo where the
     * problem is (just the artifact when it is its own). {@code manifest}/{@code line} say where the
     * use was declared, when known.
     */
    public record Violation(String deployment, String artifact, String revision, PolicyRule rule, String message,
                            List<String> path, String manifest, Integer line) {
        public Violation {
            path = List.copyOf(path);
        }
    }

    /** The outcome: violations in deployment, artifact, rule order; {@code checked} uses and deployments. */
    public record Report(List<Violation> violations, int checked, int deployments) {
        public Report {
            violations = List.copyOf(violations);
        }

        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private final Policy policy;
    private final Instant now;
    private final String scannerVersion;

    public PolicyEvaluator(Policy policy, Instant now, String scannerVersion) {
        this.policy = policy;
        this.now = now;
        this.scannerVersion = scannerVersion;
    }

    /** Severities at or above the threshold, lower case, for {@code PolicyQueries.facts}. */
    public static List<String> severitiesAtOrAbove(Severity threshold) {
        List<String> out = new ArrayList<>();
        for (Severity s : Severity.values()) if (s.atLeast(threshold)) out.add(s.label());
        return out;
    }

    public Report evaluate(List<UseFacts> uses) {
        List<Violation> out = new ArrayList<>();
        for (UseFacts u : uses) out.addAll(evaluate(u));
        return new Report(out, uses.size(), (int) uses.stream().map(UseFacts::deployment).distinct().count());
    }

    public List<Violation> evaluate(UseFacts u) {
        List<Violation> out = new ArrayList<>();
        String rev = u.effectiveRevision();
        String at = u.key() + (rev == null ? "" : "@" + shortSha(rev));
        if (policy.on(PolicyRule.NOT_APPROVED)) {
            String m = approvalProblem(u, at);
            if (m != null) out.add(v(u, PolicyRule.NOT_APPROVED, m, List.of(u.repo())));
        }
        if (policy.on(PolicyRule.NOT_PINNED) && !u.pinned()) {
            out.add(v(u, PolicyRule.NOT_PINNED, u.revision() == null
                    ? u.key() + " follows main: no revision is pinned"
                    : u.key() + " uses '" + u.revision() + "', a branch or tag, not a commit", List.of(u.repo())));
        }
        scanRules(u, at, out);
        if (policy.on(PolicyRule.SEVERE_FINDING)) severeFindings(u, out);
        if (policy.on(PolicyRule.REMOTE_CODE)) remoteCode(u, out);
        if (policy.on(PolicyRule.LICENSE_NOT_ALLOWED) && policy.licenseAllow() != null) {
            String lic = license(u);
            if (lic == null) {
                out.add(v(u, PolicyRule.LICENSE_NOT_ALLOWED, u.key() + " has no known licence (allowlist: "
                        + String.join(", ", policy.licenseAllow().stream().sorted().toList()) + ")", List.of(u.repo())));
            } else if (!policy.licenseAllow().contains(lic.toLowerCase(Locale.ROOT))) {
                out.add(v(u, PolicyRule.LICENSE_NOT_ALLOWED, u.key() + " is licensed '" + lic + "', outside the allowlist",
                        List.of(u.repo())));
            }
        }
        if (policy.on(PolicyRule.UPSTREAM_UNAVAILABLE)) {
            String status = u.repoState().status();
            if (Boolean.TRUE.equals(u.repoState().disabled()) || Availability.isGone(status)) {
                String what = Boolean.TRUE.equals(u.repoState().disabled()) && !Availability.isGone(status)
                        ? "disabled" : status;
                out.add(v(u, PolicyRule.UPSTREAM_UNAVAILABLE, u.key() + " is " + what + " upstream", List.of(u.repo())));
            }
        }
        if (policy.on(PolicyRule.LEAKED_SECRET) && u.leakedSecrets() > 0) {
            out.add(v(u, PolicyRule.LEAKED_SECRET, u.leakedSecrets() + (u.leakedSecrets() == 1 ? " secret" : " secrets")
                    + " leaked in the files of " + u.key(), List.of(u.repo())));
        }
        return out;
    }

    private String approvalProblem(UseFacts u, String at) {
        String rev = u.effectiveRevision();
        if (rev == null) {
            return u.key() + " follows main and its head revision is unknown (crawl it first): nothing can be approved";
        }
        if (!RepoIds.isCommit(rev)) {
            return u.key() + " uses '" + rev + "', which is not a commit: approvals are pinned to commits";
        }
        ApprovalStore.Fact f = u.latestApproval();
        String head = u.pinned() ? "" : " (head of main)";
        return switch (ApprovalState.of(f, now)) {
            case APPROVED -> null;
            case NOT_APPROVED -> at + head + " is not approved";
            case REVOKED -> "approval of " + at + " was revoked by " + f.by() + " on " + f.at() + ": " + f.reason();
            case EXPIRED -> "approval of " + at + " by " + f.by() + " expired on " + f.expires();
        };
    }

    private void scanRules(UseFacts u, String at, List<Violation> out) {
        List<FileScan> scanned = u.scans().stream().filter(s -> !s.scannerVersions().isEmpty()).toList();
        if (scanned.isEmpty()) {
            if (policy.on(PolicyRule.NOT_SCANNED)) {
                out.add(v(u, PolicyRule.NOT_SCANNED, at + (u.scans().isEmpty()
                        ? " was never scanned (no crawled files for this revision)" : " was never scanned"), List.of(u.repo())));
            }
            return;
        }
        if (!policy.on(PolicyRule.OUTDATED_SCAN)) return;
        int old = 0;
        String oldest = null;
        for (FileScan s : scanned) {
            String best = s.scannerVersions().stream().max(PolicyEvaluator::compareVersions).orElseThrow();
            if (compareVersions(best, scannerVersion) < 0) {
                old++;
                if (oldest == null || compareVersions(best, oldest) < 0) oldest = best;
            }
        }
        if (old > 0) {
            out.add(v(u, PolicyRule.OUTDATED_SCAN, old + (old == 1 ? " file" : " files") + " of " + at
                    + " last scanned by scanner " + oldest + " (current " + scannerVersion + ")", List.of(u.repo())));
        }
    }

    private void severeFindings(UseFacts u, List<Violation> out) {
        // one violation per repo holding findings, by the shortest path to it, naming its worst finding
        Map<String, List<LineageFinding>> byHolder = new LinkedHashMap<>();
        for (LineageFinding f : u.findings()) {
            Severity s = severity(f.severity());
            if (s == null || !s.atLeast(policy.findingThreshold())) continue;
            byHolder.computeIfAbsent(f.path().get(f.path().size() - 1), k -> new ArrayList<>()).add(f);
        }
        for (List<LineageFinding> fs : byHolder.values()) {
            LineageFinding worst = fs.get(0);
            List<String> path = worst.path();
            for (LineageFinding f : fs) {
                if (f.path().size() < path.size()) path = f.path();
                if (severity(f.severity()).ordinal() < severity(worst.severity()).ordinal()) worst = f;
            }
            String holder = path.get(path.size() - 1);
            long others = fs.stream().map(f -> f.rule() + "|" + f.file()).distinct().count() - 1;
            String where = path.size() == 1 ? "" : " of base model " + holder + ", inherited via " + String.join(" -> ", path);
            out.add(v(u, PolicyRule.SEVERE_FINDING, worst.severity() + " finding " + worst.rule() + " in " + worst.file()
                    + where + (others > 0 ? " (and " + others + " more)" : ""), path));
        }
    }

    private void remoteCode(UseFacts u, List<Violation> out) {
        LineageFinding best = null;
        for (LineageFinding f : u.findings()) {
            if (f.rule() != null && f.rule().startsWith("REMOTE_CODE") && (best == null || f.path().size() < best.path().size())) {
                best = f;
            }
        }
        List<String> tagPath = u.customCodePaths().stream().min((a, b) -> a.size() - b.size()).orElse(null);
        if (best != null && (tagPath == null || best.path().size() <= tagPath.size())) {
            List<String> p = best.path();
            out.add(v(u, PolicyRule.REMOTE_CODE, "requires trust_remote_code: " + best.rule() + " in " + best.file()
                    + (p.size() == 1 ? "" : " of " + p.get(p.size() - 1) + ", inherited via " + String.join(" -> ", p)), p));
        } else if (tagPath != null) {
            String holder = tagPath.get(tagPath.size() - 1);
            out.add(v(u, PolicyRule.REMOTE_CODE, "requires trust_remote_code: " + holder + " is tagged custom_code"
                    + (tagPath.size() == 1 ? "" : ", inherited via " + String.join(" -> ", tagPath)), tagPath));
        }
    }

    private static String license(UseFacts u) {
        if (u.repoState().license() != null && !u.repoState().license().isBlank()) return u.repoState().license();
        for (String t : u.repoState().tags()) if (t.startsWith("license:")) return t.substring("license:".length());
        return null;
    }

    private Violation v(UseFacts u, PolicyRule rule, String message, List<String> path) {
        return new Violation(u.deployment(), u.key(), u.effectiveRevision(), rule, message, path, u.manifest(), u.line());
    }

    private static Severity severity(String s) {
        try {
            return s == null ? null : Severity.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String shortSha(String rev) {
        return RepoIds.isCommit(rev) ? rev.substring(0, 12) : rev;
    }

    /** Compares dotted versions numerically part by part ({@code 0.10.0 > 0.9.1}); non-numeric parts as text. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("[.+-]");
        String[] y = b.split("[.+-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            if (p.matches("\\d{1,9}") && q.matches("\\d{1,9}")) c = Integer.compare(Integer.parseInt(p), Integer.parseInt(q));
            else c = p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }
}
