package dev.aiprov.inventory;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.Ocsf;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.Graph;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code aiprov approve} and {@code revoke}: a new approval fact in the graph and its event. The event
 * log is opened first, so a fact is never written without its event.
 */
public final class ApprovalService {
    private final Graph graph;
    private final Supplier<EventLog> events;

    public ApprovalService(Graph graph, Supplier<EventLog> events) {
        this.graph = graph;
        this.events = events;
    }

    /** Approves {@code artifact} at its revision until {@code expires} (null: no end). */
    public ApprovalStore.Fact approve(ArtifactSpec artifact, String by, String reason, Instant expires, Instant now) {
        return record(ApprovalStore.Action.APPROVE, "approve", artifact, by, reason, expires, now);
    }

    /** Revokes the approval of {@code artifact} at its revision; earlier facts stay on record. */
    public ApprovalStore.Fact revoke(ArtifactSpec artifact, String by, String reason, Instant now) {
        return record(ApprovalStore.Action.REVOKE, "revoke", artifact, by, reason, null, now);
    }

    private ApprovalStore.Fact record(ApprovalStore.Action action, String verb, ArtifactSpec artifact, String by,
                                      String reason, Instant expires, Instant now) {
        try (EventLog log = events.get()) {
            ApprovalStore.Fact f = new ApprovalStore(graph).record(action, artifact.type(), artifact.repo(),
                    artifact.revision(), by, reason, expires, now);
            log.emit(Ocsf.approval(f.at(), f.id(), verb, f.artifact(), f.revision(), f.by(), f.reason(), f.expires()));
            return f;
        }
    }
}
