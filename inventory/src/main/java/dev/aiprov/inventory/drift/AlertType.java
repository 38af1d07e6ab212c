package dev.aiprov.inventory.drift;

/** Drift and supply-chain alert types (stable ids, the {@code type} of an {@code :Alert}). */
public enum AlertType {
    /** A deployment following a branch whose head moved since the last crawl or since its approval. */
    MOVED_REVISION("medium"),
    /** A repo id that now resolves to a different repository ({@code _id} or createdAt changed) or whose author changed. */
    NAMESPACE_REUSE("critical"),
    /** A used repo that is now missing, private, gated or disabled, or a pinned revision that no longer exists. */
    VANISHED_UPSTREAM("high"),
    /** A finding new on a repo in use or in its lineage (severity: the finding's). */
    NEW_FINDING("medium"),
    /** A secret first seen in this crawl, leaked anywhere in the dependency tree. */
    NEW_SECRET("critical"),
    /** A used repo whose name is within edit distance 2 of a far more popular repo from another author. */
    LOOKALIKE_NAME("high"),
    /**
     * A used repo that became gated or changed its gating mode ({@code false}/{@code auto}/{@code manual}):
     * a deployment that pulls without access breaks, and a new gate can mean a change of hands.
     */
    GATING_CHANGED("high");

    public final String severity;

    AlertType(String severity) {
        this.severity = severity;
    }

    public static AlertType parse(String s) {
        for (AlertType t : values()) {
            if (t.name().equalsIgnoreCase(s.replace('-', '_'))) return t;
        }
        throw new IllegalArgumentException("unknown alert type '" + s + "' (one of moved_revision, namespace_reuse, "
                + "vanished_upstream, new_finding, new_secret, lookalike_name, gating_changed)");
    }
}
