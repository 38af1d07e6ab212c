package dev.aiprov.cli.web;

import dev.aiprov.cli.ExposureCommand;
import dev.aiprov.cli.LineageCommand;
import dev.aiprov.cli.UserException;
import dev.aiprov.cli.render.ExposureMarkdown;
import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.cli.web.WebServer.Response;
import dev.aiprov.inventory.drift.AlertType;
import dev.aiprov.inventory.ManifestParser;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.FindingQueries;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.SearchQueries;
import dev.aiprov.graph.lineage.ArtifactRef;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.ExposureQueries;
import dev.aiprov.graph.lineage.LineageGraph;
import dev.aiprov.graph.lineage.LineageGraph.Direction;
import dev.aiprov.graph.lineage.LineageQueries;
import dev.aiprov.scanner.Severity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/…}: the CLI's answers as JSON. lineage, exposure, findings, alerts and inventory are the
 * very strings {@code --format json} prints (same options, same defaults, same
 * {@link JsonDocuments}); search, counts and the front page's overview exist only here. Bad
 * parameters are a 400 with {@code {"error": "…"}}, the CLI's one-line message.
 */
final class Api {
    private final Graph graph;

    Api(Graph graph) {
        this.graph = graph;
    }

    Response answer(String endpoint, String rawQuery) {
        Params p;
        try {
            p = new Params(Query.parse(rawQuery));
        } catch (IllegalArgumentException e) {
            return error(400, "malformed query string");
        }
        try {
            return switch (endpoint) {
                case "lineage" -> lineage(p);
                case "exposure" -> Response.json(200, JsonDocuments.exposure(exposure(p)));
                case "exposure.md" -> markdown(p);
                case "findings" -> findings(p);
                case "alerts" -> Response.json(200, JsonDocuments.alerts(alerts(p)));
                case "inventory" -> Response.json(200, JsonDocuments.inventory(
                        new InventoryStore(graph).list(p.get("deployment"), Instant.now())));
                case "policy" -> policy(p);
                case "search" -> search(p);
                case "overview" -> overview();
                default -> error(404, "no such endpoint: /api/" + endpoint);
            };
        } catch (UserException e) {
            return error(e.getMessage().startsWith("unknown model") ? 404 : 400, e.getMessage());
        } catch (GraphException e) {
            return error(500, e.getMessage());
        }
    }

    /** Same as {@code aiprov policy check [--deployment NAME] --format json}, with the default policy. */
    private Response policy(Params p) {
        String deployment = p.get("deployment");
        if (deployment != null && !new InventoryStore(graph).deploymentNames().contains(deployment)) {
            return error(404, "no deployment named '" + deployment + "'");
        }
        var report = new dev.aiprov.inventory.PolicyService(graph).evaluate(dev.aiprov.inventory.Policy.defaults(), deployment,
                Instant.now());
        return Response.json(200, dev.aiprov.cli.render.Json.pretty(dev.aiprov.cli.render.PolicyReport.json(report)) + "\n");
    }

    /** Same as {@code aiprov lineage model:ID [--up|--down|--both] [--depth N] --format json}. */
    private Response lineage(Params p) {
        String id = LineageCommand.modelId(p.required("model", "model=ORG/NAME"));
        Direction dir = switch (p.get("direction", "up").toLowerCase(Locale.ROOT)) {
            case "up" -> Direction.UP;
            case "down" -> Direction.DOWN;
            case "both" -> Direction.BOTH;
            default -> throw UserException.usage("direction must be up, down or both");
        };
        int depth = depth(p);
        LineageGraph g = new LineageQueries(graph).lineage(id, dir, depth)
                .orElseThrow(() -> UserException.usage("unknown model: model:" + id + " is not in the graph"));
        return Response.json(200, JsonDocuments.lineage(g));
    }

    /** Same as {@code aiprov exposure ARTIFACT [--since D] [--until D] [--depth N]}. */
    private Exposure exposure(Params p) {
        ArtifactRef ref;
        try {
            ref = ArtifactRef.parse(p.required("artifact", "artifact=KIND:ID[@REV]"));
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        int depth = depth(p);
        OffsetDateTime from = ExposureCommand.parseDate("since", p.get("since"), false);
        OffsetDateTime to = ExposureCommand.parseDate("until", p.get("until"), true);
        if (from != null && to != null && !from.isBefore(to)) throw UserException.usage("since must be before until");
        return new ExposureQueries(graph).exposure(ref, from, to, depth);
    }

    /** The Markdown incident report of {@code aiprov exposure … --format markdown}, as a download. */
    private Response markdown(Params p) {
        Exposure e = exposure(p);
        String file = "exposure-" + e.artifact().replaceAll("[^A-Za-z0-9._-]+", "_") + ".md";
        return new Response(200, "text/markdown; charset=utf-8", ExposureMarkdown.render(e).getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""));
    }

    /** Same as {@code aiprov findings [--severity S] [--repo ID] [--limit N] --format json}. */
    private Response findings(Params p) {
        String severity = p.get("severity", "info");
        try {
            Severity.parse(severity);
        } catch (IllegalArgumentException e) {
            throw UserException.usage("severity must be critical, high, medium, low or info");
        }
        int limit = p.integer("limit", 10_000);
        if (limit < 1) throw UserException.usage("limit must be positive");
        FindingQueries q = new FindingQueries(graph);
        String repo = p.get("repo");
        return Response.json(200, JsonDocuments.findings(q.findings(severity, repo, limit), q.unjudged(repo, limit)));
    }

    /** Same as {@code aiprov alerts [--since D] [--type T] --format json}. */
    private List<AlertStore.Alert> alerts(Params p) {
        String type = null;
        if (p.get("type") != null) {
            try {
                type = AlertType.parse(p.get("type")).name();
            } catch (IllegalArgumentException e) {
                throw UserException.usage(e.getMessage());
            }
        }
        Instant since = null;
        if (p.get("since") != null) {
            since = ManifestParser.instant(p.get("since"));
            if (since == null) throw UserException.usage("since: expected a date like 2026-12-31 or 2026-12-31T00:00:00Z");
        }
        return new AlertStore(graph).list(since, type);
    }

    record SearchAnswer(String query, List<SearchQueries.Hit> hits) {
    }

    private Response search(Params p) {
        String q = p.get("q", "").strip();
        if (q.isEmpty()) throw UserException.usage("q (the text to search for) is required");
        if (q.length() > 256) throw UserException.usage("q is too long (256 characters at most)");
        String kind = p.get("kind");
        if (kind != null && !List.of("model", "dataset", "space", "author", "deployment").contains(kind)) {
            throw UserException.usage("kind must be model, dataset, space, author or deployment");
        }
        int limit = p.integer("limit", 50);
        return Response.json(200, Json.pretty(new SearchAnswer(q, new SearchQueries(graph).search(q, kind, limit))) + "\n");
    }

    record Overview(String graph, SearchQueries.Counts counts, List<JsonDocuments.Alert> newestAlerts,
                    List<FindingQueries.Row> worstFindings) {
    }

    /** The front page: counts, the ten newest alerts, the ten worst findings. */
    private Response overview() {
        List<AlertStore.Alert> all = new ArrayList<>(new AlertStore(graph).list(null, null));
        Collections.reverse(all);
        List<JsonDocuments.Alert> newest = all.stream().limit(10).map(JsonDocuments.Alert::of).toList();
        return Response.json(200, Json.pretty(new Overview(graph.describe(), new SearchQueries(graph).counts(), newest,
                new FindingQueries(graph).findings("info", null, 10))) + "\n");
    }

    private static int depth(Params p) {
        int depth = p.integer("depth", 10);
        if (depth < 1 || depth > LineageQueries.MAX_DEPTH) throw UserException.usage("depth must be between 1 and " + LineageQueries.MAX_DEPTH);
        return depth;
    }

    private static Response error(int status, String message) {
        return Response.json(status, Json.pretty(Map.of("error", message)) + "\n");
    }

    /** Query parameters: the last value of each wins; blank counts as absent. */
    private record Params(Map<String, List<String>> values) {
        String get(String name) {
            List<String> v = values.get(name);
            return v == null || v.get(v.size() - 1).isBlank() ? null : v.get(v.size() - 1);
        }

        String get(String name, String dflt) {
            String v = get(name);
            return v == null ? dflt : v;
        }

        String required(String name, String example) {
            String v = get(name);
            if (v == null) throw UserException.usage("missing parameter: " + example);
            return v;
        }

        int integer(String name, int dflt) {
            String v = get(name);
            if (v == null) return dflt;
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw UserException.usage(name + " must be a whole number, got '" + v + "'");
            }
        }
    }
}
