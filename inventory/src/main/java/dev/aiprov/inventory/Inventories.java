package dev.aiprov.inventory;

import dev.aiprov.graph.InventoryStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between what was read (manifest, discovered references, cache entries) and graph rows. */
public final class Inventories {
    private Inventories() {
    }

    /** Graph rows for a validated manifest; {@code manifestPath} is recorded on each deployment (may be null). */
    public static List<InventoryStore.DeploymentRow> rows(Manifest manifest, String manifestPath) {
        List<InventoryStore.DeploymentRow> out = new ArrayList<>();
        for (Manifest.Deployment d : manifest.deployments()) {
            List<InventoryStore.UseRow> uses = new ArrayList<>();
            for (Manifest.Use u : d.uses()) {
                uses.add(new InventoryStore.UseRow(u.type(), u.repo(), u.revision(), u.pinned(), u.source(), u.pulled(),
                        u.line() > 0 ? u.line() : null));
            }
            out.add(new InventoryStore.DeploymentRow(d.name(), d.environment(), d.owner(), manifestPath, uses));
        }
        return out;
    }

    /** One deployment using every distinct (repo, revision) of the references, in first-seen order. */
    public static Manifest.Deployment fromReferences(String deployment, List<Reference> refs) {
        Map<String, Manifest.Use> uses = new LinkedHashMap<>();
        for (Reference r : refs) {
            uses.putIfAbsent(r.key() + "@" + r.revision(), new Manifest.Use(r.type(), r.repo(), r.revision(), null, null, 0));
        }
        return new Manifest.Deployment(deployment, null, null, List.copyOf(uses.values()), 0);
    }

    /** One deployment using every cached revision, pulled from {@code source} at the cache's timestamps. */
    public static Manifest.Deployment fromCache(String deployment, List<HfCache.Entry> entries, String source) {
        List<Manifest.Use> uses = new ArrayList<>();
        for (HfCache.Entry e : entries) {
            Instant pulled = e.pulledAt() == null ? null : e.pulledAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            uses.add(new Manifest.Use(e.type(), e.repo(), e.revision(), source, pulled, 0));
        }
        return new Manifest.Deployment(deployment, null, null, uses, 0);
    }
}
