package dev.aiprov.inventory.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.events.Ocsf;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.Availability;
import dev.aiprov.graph.DriftQueries;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.scanner.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what a crawl saw with what the graph held before it wrote: {@link #snapshot} before the
 * crawl, {@link #detect} after. Alerts are recorded in the graph ({@link AlertStore}) with ids derived
 * from what they are about, so the same drift is raised once; {@code detect} returns the new ones.
 */
public final class DriftDetector {
    /** Checks a pinned revision on the Hub: true exists, false deleted, null unknown. */
    @FunctionalInterface
    public interface RevisionProbe {
        Boolean exists(RepoType type, String id, String sha);

        RevisionProbe NONE = (t, i, s) -> null;
    }

    /** The dependency tree before a crawl. */
    public record Snapshot(Instant at, Map<String, DriftQueries.RepoState> repos, Set<String> findings) {
    }

    private DriftDetector() {
    }

    public static Snapshot snapshot(Graph graph, Instant now) {
        DriftQueries q = new DriftQueries(graph);
        Map<String, DriftQueries.RepoState> repos = new HashMap<>();
        q.tree().forEach(r -> repos.put(r.key(), r));
        Set<String> findings = new HashSet<>();
        q.findings(new ArrayList<>(repos.keySet())).forEach(f -> findings.add(f.repoKey() + "|" + f.findingKey()));
        return new Snapshot(now, repos, findings);
    }

    /** Every alert the difference between {@code before} and the graph now raises; records them, returns the new ones. */
    public static List<AlertStore.Alert> detect(Graph graph, Snapshot before, Instant now, RevisionProbe probe) {
        DriftQueries q = new DriftQueries(graph);
        Map<String, DriftQueries.RepoState> after = new HashMap<>();
        q.tree().forEach(r -> after.put(r.key(), r));
        List<AlertStore.Alert> alerts = new ArrayList<>();

        for (DriftQueries.Use u : q.uses()) {
            DriftQueries.RepoState a = after.get(u.repoKey());
            DriftQueries.RepoState b = before.repos().get(u.repoKey());
            if (a == null) continue;
            boolean followsHead = !u.pinned() && (u.revision() == null || "main".equals(u.revision()));
            if (followsHead && a.sha() != null) {
                if (b != null && b.sha() != null && !b.sha().equals(a.sha())) {
                    alerts.add(alert(AlertType.MOVED_REVISION, AlertType.MOVED_REVISION.severity, now, u.repoKey(), u.deployment(),
                            "deployment " + u.deployment() + " follows " + label(u) + " of " + u.repoKey()
                                    + ", whose head moved from " + b.sha() + " to " + a.sha() + " since the last crawl",
                            details("previousSha", b.sha(), "sha", a.sha(), "since", "last crawl",
                                    "approvedRevisions", u.approvedRevisions()), a.sha()));
                } else if (!u.approvedRevisions().isEmpty() && !u.approvedRevisions().contains(a.sha())) {
                    alerts.add(alert(AlertType.MOVED_REVISION, AlertType.MOVED_REVISION.severity, now, u.repoKey(), u.deployment(),
                            "deployment " + u.deployment() + " follows " + label(u) + " of " + u.repoKey()
                                    + ", whose head " + a.sha() + " is not the approved revision",
                            details("sha", a.sha(), "since", "approval", "approvedRevisions", u.approvedRevisions()), a.sha()));
                }
            }
            if (u.pinned() && u.revision() != null && "ok".equals(a.status()) && !u.revision().equals(a.sha())
                    && (b == null || b.sha() == null || !b.sha().equals(a.sha()))) {
                Boolean exists = probe.exists(a.type(), a.id(), u.revision());
                if (Boolean.FALSE.equals(exists)) {
                    alerts.add(alert(AlertType.VANISHED_UPSTREAM, AlertType.VANISHED_UPSTREAM.severity, now, u.repoKey(),
                            u.deployment(), "deployment " + u.deployment() + " pins " + u.repoKey() + "@" + u.revision()
                                    + ", a revision that no longer exists upstream",
                            details("revision", u.revision(), "sha", a.sha(), "status", "revision missing"), u.revision()));
                }
            }
        }

        for (DriftQueries.RepoState a : after.values()) {
            DriftQueries.RepoState b = before.repos().get(a.key());
            String where = a.inUse() ? "used repo " : "repo in the lineage of a used repo, ";
            if (b != null) {
                List<String> changed = new ArrayList<>();
                if (differs(b.hubId(), a.hubId())) changed.add("_id " + b.hubId() + " -> " + a.hubId());
                if (differs(b.createdAt(), a.createdAt())) changed.add("createdAt " + b.createdAt() + " -> " + a.createdAt());
                if (differs(b.author(), a.author())) changed.add("author " + b.author() + " -> " + a.author());
                if (!changed.isEmpty()) {
                    alerts.add(alert(AlertType.NAMESPACE_REUSE, AlertType.NAMESPACE_REUSE.severity, now, a.key(), null,
                            where + a.key() + " now resolves to a different repository: " + String.join(", ", changed),
                            details("previousHubId", b.hubId(), "hubId", a.hubId(), "previousCreatedAt", b.createdAt(),
                                    "createdAt", a.createdAt(), "previousAuthor", b.author(), "author", a.author()),
                            a.hubId() + "|" + a.createdAt() + "|" + a.author()));
                }
                // both read from the Hub (a repo known only from an inventory or an edge has no gating yet)
                if (a.inUse() && a.gated() != null && b.gated() != null && !a.gated().equals(b.gated())) {
                    alerts.add(alert(AlertType.GATING_CHANGED, AlertType.GATING_CHANGED.severity, now, a.key(), null,
                            where + a.key() + (gate(b.gated()).equals("false") ? " is now gated (" + a.gated() + ")"
                                    : " changed its gating from " + gate(b.gated()) + " to " + gate(a.gated()))
                                    + ": pulls without granted access will fail",
                            details("previousGated", gate(b.gated()), "gated", gate(a.gated())), gate(a.gated())));
                }
            }
            if (Availability.isGone(a.status()) && (b == null || !a.status().equals(b.status()))) {
                alerts.add(alert(AlertType.VANISHED_UPSTREAM, AlertType.VANISHED_UPSTREAM.severity, now, a.key(), null,
                        where + a.key() + " is now " + a.status() + " upstream",
                        details("previousStatus", b == null ? null : b.status(), "status", a.status()), a.status()));
            }
        }

        List<String> keys = new ArrayList<>(after.keySet());
        for (DriftQueries.FindingRef f : q.findings(keys)) {
            if (before.findings().contains(f.repoKey() + "|" + f.findingKey())) continue;
            if (Ocsf.severityId(f.severity()) <= 1) continue;   // informational findings are not alerts
            alerts.add(alert(AlertType.NEW_FINDING, f.severity().toLowerCase(java.util.Locale.ROOT), now, f.repoKey(), null,
                    "new finding " + f.rule() + " in " + f.repoKey() + (f.path() == null ? "" : " " + f.path()) + ": " + f.message(),
                    details("rule", f.rule(), "finding", f.findingKey(), "path", f.path()), f.findingKey()));
        }
        for (DriftQueries.NewSecret s : q.secretsFirstSeenSince(keys, before.at())) {
            alerts.add(alert(AlertType.NEW_SECRET, AlertType.NEW_SECRET.severity, now, s.repoKey(), null,
                    "new leaked secret " + (s.type() == null ? "" : s.type() + " ") + s.redacted() + " (sha256 " + s.sha256()
                            + ") in " + s.repoKey() + (s.path() == null ? "" : " " + s.path()),
                    details("secretSha256", s.sha256(), "secretType", s.type(), "redacted", s.redacted(), "path", s.path()),
                    s.sha256()));
        }
        alerts.addAll(lookAlikeAlerts(q, after.values(), now));
        return new AlertStore(graph).record(alerts);
    }

    /** Look-alike names among the repos in use (e.g. right after an inventory import); records, returns new alerts. */
    public static List<AlertStore.Alert> lookAlikes(Graph graph, Instant now) {
        DriftQueries q = new DriftQueries(graph);
        return new AlertStore(graph).record(lookAlikeAlerts(q, q.tree(), now));
    }

    private static List<AlertStore.Alert> lookAlikeAlerts(DriftQueries q, java.util.Collection<DriftQueries.RepoState> tree,
                                                          Instant now) {
        List<DriftQueries.RepoState> used = tree.stream().filter(DriftQueries.RepoState::inUse).filter(r -> r.id() != null).toList();
        if (used.isEmpty()) return List.of();
        List<DriftQueries.Known> known = q.popular(LookAlike.RATIO);
        List<AlertStore.Alert> out = new ArrayList<>();
        for (DriftQueries.RepoState r : used) {
            for (LookAlike.Match m : LookAlike.find(r.key(), r.id(), r.author(), r.downloads(), known)) {
                out.add(alert(AlertType.LOOKALIKE_NAME, AlertType.LOOKALIKE_NAME.severity, now, r.key(), null,
                        "used repo " + r.id() + " (" + m.usedDownloads() + " downloads) looks like " + m.popularId() + " ("
                                + m.popularDownloads() + " downloads, author " + m.popularAuthor() + "): edit distance "
                                + m.distance() + " on the name" + (m.orgLookAlike() ? ", look-alike organisation" : ""),
                        details("lookalikeOf", m.popularKey(), "distance", m.distance(), "downloads", m.usedDownloads(),
                                "popularDownloads", m.popularDownloads(), "popularAuthor", m.popularAuthor()),
                        m.popularKey()));
            }
        }
        return out;
    }

    private static String label(DriftQueries.Use u) {
        return u.revision() == null ? "main" : u.revision();
    }

    /** The gating mode, with "never read" counted as not gated. */
    private static String gate(String gated) {
        return gated == null ? "false" : gated;
    }

    private static boolean differs(String before, String after) {
        return before != null && after != null && !before.equals(after);
    }

    static AlertStore.Alert alert(AlertType type, String severity, Instant at, String artifact, String deployment,
                                  String message, Map<String, Object> details, String value) {
        String id = id(type.name(), artifact, deployment == null ? "" : deployment, value == null ? "" : value);
        return new AlertStore.Alert(id, type.name(), severity, message, at, artifact, deployment, details);
    }

    static Map<String, Object> details(Object... kv) {
        Map<String, Object> n = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) continue;
            n.put((String) kv[i], v);
        }
        return n;
    }

    static String id(String... parts) {
        return Sha256.hexPrefix(String.join("\u0000", parts), 16);
    }

    /** The event for an alert. */
    public static ObjectNode event(AlertStore.Alert a) {
        return Ocsf.alert(a.id(), a.type(), a.severity(), a.message(), a.at(), a.artifact(), a.deployment(), a.details());
    }
}
