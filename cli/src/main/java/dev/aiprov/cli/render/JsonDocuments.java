package dev.aiprov.cli.render;

import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.FindingQueries;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.LineageGraph;

import java.util.List;
import java.util.Map;

/**
 * The JSON documents of {@code lineage}, {@code exposure}, {@code findings}, {@code alerts} and
 * {@code inventory list} with {@code --format json}, exactly as printed (trailing newline included).
 * The web server's {@code /api/…} answers are these same strings, so scripts and the page share one
 * code path.
 */
public final class JsonDocuments {
    private JsonDocuments() {
    }

    public static String lineage(LineageGraph g) {
        return Json.pretty(g) + "\n";
    }

    /** The exposure document: the fields the issue names first, then the detail behind them. */
    public record ExposureReport(String artifact, List<Exposure.Affected> affected, List<String> artifacts,
                                 List<Exposure.NotAffected> notAffected, List<Exposure.Seed> compromised,
                                 List<Exposure.Approval> approvals, String since, String until, List<String> notes,
                                 boolean complete) {
        public static ExposureReport of(Exposure e) {
            return new ExposureReport(e.artifact(), e.affected(), e.artifacts(), e.notAffected(), e.seeds(),
                    e.approvals(), e.since(), e.until(), e.notes(), e.complete());
        }
    }

    public static String exposure(Exposure e) {
        return Json.pretty(ExposureReport.of(e)) + "\n";
    }

    public record Findings(List<FindingQueries.Row> findings, List<FindingQueries.Unjudged> unjudged) {
    }

    public static String findings(List<FindingQueries.Row> rows, List<FindingQueries.Unjudged> unjudged) {
        return Json.pretty(new Findings(rows, unjudged)) + "\n";
    }

    /** One alert, its time as ISO-8601 text. */
    public record Alert(String id, String type, String severity, String message, String at, String artifact,
                        String deployment, Map<String, Object> details) {
        public static Alert of(AlertStore.Alert a) {
            return new Alert(a.id(), a.type(), a.severity(), a.message(), a.at() == null ? null : a.at().toString(),
                    a.artifact(), a.deployment(), a.details());
        }
    }

    public static String alerts(List<AlertStore.Alert> alerts) {
        return Json.pretty(alerts.stream().map(Alert::of).toList()) + "\n";
    }

    public static String inventory(List<InventoryStore.Item> items) {
        return Json.pretty(items.stream().map(InventoryReport.Use::of).toList()) + "\n";
    }
}
