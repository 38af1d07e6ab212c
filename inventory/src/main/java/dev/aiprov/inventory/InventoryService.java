package dev.aiprov.inventory;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.Ocsf;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.inventory.drift.DriftDetector;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** {@code aiprov inventory import} and {@code list}: deployments into the graph, the look-alike check, their events. */
public final class InventoryService {
    /** What an import reports as it goes, so that a caller can print it between the events. */
    public interface Listener {
        /** The manifest's deployments and uses are in {@code graph} (its description). */
        void imported(int deployments, int uses, String graph);

        /** A new look-alike alert, just before its event is emitted. */
        void alert(AlertStore.Alert alert);
    }

    private final Graph graph;

    public InventoryService(Graph graph) {
        this.graph = graph;
    }

    /**
     * Replaces the uses of each deployment in {@code manifest} by the manifest's, emits one event per
     * deployment, then checks the repos in use for look-alike names (alerts recorded and emitted).
     * The event log is opened after the import. Returns the new alerts.
     */
    public List<AlertStore.Alert> importManifest(Manifest manifest, String manifestPath, Supplier<EventLog> events,
                                                 Listener listener) {
        new InventoryStore(graph).importDeployments(Inventories.rows(manifest, manifestPath));
        int uses = manifest.deployments().stream().mapToInt(d -> d.uses().size()).sum();
        listener.imported(manifest.deployments().size(), uses, graph.describe());
        Instant now = Instant.now();
        try (EventLog log = events.get()) {
            for (Manifest.Deployment d : manifest.deployments()) {
                log.emit(Ocsf.inventoryImport(now, d.name(), d.uses().size(), manifestPath));
            }
            List<AlertStore.Alert> alerts = DriftDetector.lookAlikes(graph, now);
            for (AlertStore.Alert a : alerts) {
                listener.alert(a);
                log.emit(DriftDetector.event(a));
            }
            return alerts;
        }
    }

    /**
     * Every use, by deployment ({@code deployment} null: all).
     *
     * @throws UnknownDeploymentException when {@code deployment} is given and not in the graph
     */
    public List<InventoryStore.Item> list(String deployment, Instant now) {
        InventoryStore store = new InventoryStore(graph);
        if (deployment != null && !store.deploymentNames().contains(deployment)) {
            throw new UnknownDeploymentException(deployment);
        }
        return store.list(deployment, now);
    }
}
