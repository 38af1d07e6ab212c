package dev.aiprov.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift and supply-chain alerts: {@code (:Alert {id, type, severity, message, at, artifact, deployment,
 * details})-[:ABOUT]->(repo)} and {@code -[:ABOUT]->(:Deployment)}. The id is derived from what the
 * alert is about (type, artifact, deployment and the new value), so raising the same alert again is a
 * no-op: {@link #record} returns only the alerts that were new.
 */
public final class AlertStore {

    /** An alert. {@code deployment} may be null; {@code details} is a JSON object as text. */
    public record Alert(String id, String type, String severity, String message, Instant at, String artifact,
                        String deployment, String details) {
    }

    private static final String RECORD = """
            UNWIND $rows AS r
            OPTIONAL MATCH (old:Alert {id: r.id})
            WITH r, old IS NULL AS fresh
            MERGE (a:Alert {id: r.id})
              ON CREATE SET a.type = r.type, a.severity = r.severity, a.message = r.message, a.at = r.at,
                            a.artifact = r.artifact, a.deployment = r.deployment, a.details = r.details
            WITH a, r, fresh
            OPTIONAL MATCH (n:Repo {key: r.artifact})
            FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | MERGE (a)-[:ABOUT]->(n))
            WITH a, r, fresh
            OPTIONAL MATCH (d:Deployment {name: r.deployment})
            FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | MERGE (a)-[:ABOUT]->(d))
            RETURN r.id AS id, fresh
            """;

    private static final String LIST = """
            MATCH (a:Alert)
            WHERE ($since IS NULL OR a.at >= $since) AND ($type IS NULL OR a.type = $type)
            RETURN a.id AS id, a.type AS type, a.severity AS severity, a.message AS message, a.at AS at,
                   a.artifact AS artifact, a.deployment AS deployment, a.details AS details
            ORDER BY at, id
            """;

    private final Graph graph;

    public AlertStore(Graph graph) {
        this.graph = graph;
    }

    /** Records the alerts in one transaction; returns those that did not exist before, in input order. */
    public List<Alert> record(List<Alert> alerts) {
        Map<String, Alert> byId = new LinkedHashMap<>();
        alerts.forEach(a -> byId.putIfAbsent(a.id(), a));
        if (byId.isEmpty()) return List.of();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Alert a : byId.values()) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", a.id());
            m.put("type", a.type());
            m.put("severity", a.severity());
            m.put("message", a.message());
            m.put("at", Tx.param(a.at()));
            m.put("artifact", a.artifact());
            m.put("deployment", a.deployment());
            m.put("details", a.details());
            rows.add(m);
        }
        List<String> fresh = Tx.write(graph, "recording " + rows.size() + " alerts", tx -> {
            List<String> out = new ArrayList<>();
            tx.run(RECORD, Map.of("rows", rows)).forEachRemaining(r -> {
                if (r.get("fresh").asBoolean()) out.add(r.get("id").asString());
            });
            return out;
        });
        List<Alert> out = new ArrayList<>();
        for (String id : fresh) out.add(byId.get(id));
        return out;
    }

    /** Alerts raised at or after {@code since} (null: all), of {@code type} (null: any), oldest first. */
    public List<Alert> list(Instant since, String type) {
        Map<String, Object> p = new HashMap<>();
        p.put("since", Tx.param(since));
        p.put("type", type);
        return Tx.read(graph, "listing alerts", LIST, p, r -> new Alert(r.get("id").asString(), r.get("type").asString(),
                Tx.string(r.get("severity")), Tx.string(r.get("message")), Tx.instant(r.get("at")),
                Tx.string(r.get("artifact")), Tx.string(r.get("deployment")), Tx.string(r.get("details"))));
    }
}
