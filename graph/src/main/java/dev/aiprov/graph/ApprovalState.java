package dev.aiprov.graph;

import java.time.Instant;

/** Where an artifact at a revision stands, decided by the latest approval fact for exactly that revision. */
public enum ApprovalState {
    APPROVED("approved"), NOT_APPROVED("not approved"), REVOKED("revoked"), EXPIRED("expired");

    private final String label;

    ApprovalState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The state given the latest fact (null when there is none) at instant {@code now}. */
    public static ApprovalState of(ApprovalStore.Fact latest, Instant now) {
        if (latest == null) return NOT_APPROVED;
        if (latest.action() == ApprovalStore.Action.REVOKE) return REVOKED;
        if (latest.expires() != null && !now.isBefore(latest.expires())) return EXPIRED;
        return APPROVED;
    }
}
