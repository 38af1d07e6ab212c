package dev.aiprov.inventory;

import dev.aiprov.graph.InventoryStore;

import java.nio.file.Path;
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

    /**
     * A one-deployment manifest, checked as if read from disk (names, ids, dates), so that a generated
     * manifest that would not load is never imported or written.
     */
    public static Manifest generated(Manifest.Deployment deployment) throws ManifestException {
        return ManifestParser.parse("(generated)", ManifestWriter.write(new Manifest(null, List.of(deployment)), null));
    }

    /** A deployment name from a directory's name: the characters a manifest accepts, at most 128. */
    public static String deploymentName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        String s = (n == null ? "deployment" : n.toString()).replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return s.isEmpty() ? "deployment" : s.length() > 128 ? s.substring(0, 128) : s;
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
