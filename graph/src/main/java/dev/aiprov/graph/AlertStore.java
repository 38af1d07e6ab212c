package dev.aiprov.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.neo4j.driver.Record;
import org.neo4j.driver.Values;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Drift and supply-chain alerts: {@code (:Alert {id, type, severity, message, at, artifact, deployment,
 * detailKeys, `detail.<name>`…})-[:ABOUT]->(repo)} and {@code -[:ABOUT]->(:Deployment)}. Each detail is a
 * property {@code detail.<name>}; {@code detailKeys} lists the names in order. The id is derived from what the
 * alert is about (type, artifact, deployment and the new value), so raising the same alert again is a
 * no-op: {@link #record} returns only the alerts that were new.
 */
public final class AlertStore {

    /**
     * An alert. {@code deployment} may be null; {@code details} (null: none) names values that are a string,
     * a whole number (kept as {@code Long}), a boolean or a list of strings, in the order given; null values
     * are left out.
     */
    public record Alert(String id, String type, String severity, String message, Instant at, String artifact,
                        String deployment, Map<String, Object> details) {
        public Alert {
            details = details == null ? null : copyDetails(details);
        }
    }

    /** Property name prefix of a detail on the Alert node. */
    static final String DETAIL = "detail.";

    private static final String RECORD = """
            UNWIND $rows AS r
            OPTIONAL MATCH (old:Alert {id: r.id})
            WITH r, old IS NULL AS fresh
            MERGE (a:Alert {id: r.id})
              ON CREATE SET a.type = r.type, a.severity = r.severity, a.message = r.message, a.at = r.at,
                            a.artifact = r.artifact, a.deployment = r.deployment, a.detailKeys = r.detailKeys,
                            a += r.detailProps
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
                   a.artifact AS artifact, a.deployment AS deployment, a.detailKeys AS detailKeys,
                   [k IN coalesce(a.detailKeys, []) | a['detail.' + k]] AS detailValues
            ORDER BY at, id
            """;

    /** Alerts written before details were properties: their details as JSON text ({@link #migrateDetails}). */
    private static final String DETAILS_AS_TEXT = """
            MATCH (a:Alert) WHERE a.details IS NOT NULL
            RETURN a.id AS id, a.details AS details
            """;

    private static final String SET_DETAILS = """
            UNWIND $rows AS r
            MATCH (a:Alert {id: r.id})
            SET a.detailKeys = r.detailKeys, a += r.detailProps
            REMOVE a.details
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
            m.put("detailKeys", a.details() == null ? null : List.copyOf(a.details().keySet()));
            m.put("detailProps", properties(a.details()));
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
                Tx.string(r.get("artifact")), Tx.string(r.get("deployment")), readDetails(r)));
    }

    private static Map<String, Object> readDetails(Record r) {
        if (r.get("detailKeys").isNull()) return null;
        List<String> keys = Tx.strings(r.get("detailKeys"));
        List<Object> values = r.get("detailValues").asList(Values.ofObject());
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), values.get(i));
        return out;
    }

    private static Map<String, Object> properties(Map<String, Object> details) {
        Map<String, Object> out = new HashMap<>();
        if (details != null) details.forEach((k, v) -> out.put(DETAIL + k, v));
        return out;
    }

    /** An ordered, unmodifiable copy holding only values a node property can hold; null values are left out. */
    static Map<String, Object> copyDetails(Map<String, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null) out.put(k, detailValue(k, v));
        });
        return Collections.unmodifiableMap(out);
    }

    private static Object detailValue(String key, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String || v instanceof Boolean) return v;
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return List.copyOf(list);
        }
        throw new IllegalArgumentException("alert detail " + key + " is not a string, whole number, boolean or list of "
                + "strings: " + v.getClass().getSimpleName());
    }

    /**
     * Migration V003: alerts recorded by earlier versions kept their details as one JSON text property
     * {@code details}; they become {@code detail.<name>} properties in the same order. A value no
     * property can hold (never written by aiprov) is kept as its JSON text.
     */
    static void migrateDetails(Graph graph) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String[] old : Tx.read(graph, "reading alert details", DETAILS_AS_TEXT, Map.of(),
                r -> new String[]{r.get("id").asString(), r.get("details").asString()})) {
            Map<String, Object> details = parseDetails(old[1]);
            Map<String, Object> row = new HashMap<>();
            row.put("id", old[0]);
            row.put("detailKeys", List.copyOf(details.keySet()));
            row.put("detailProps", properties(details));
            rows.add(row);
        }
        if (rows.isEmpty()) return;
        Tx.write(graph, "converting the details of " + rows.size() + " alerts",
                tx -> tx.run(SET_DETAILS, Map.of("rows", rows)).consume());
    }

    private static Map<String, Object> parseDetails(String json) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return copyDetails(Map.of("text", json));
        }
        if (tree == null || !tree.isObject()) return copyDetails(Map.of("text", json));
        Map<String, Object> out = new LinkedHashMap<>();
        tree.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            Object value;
            if (v.isNull()) value = null;
            else if (v.isTextual()) value = v.asText();
            else if (v.isBoolean()) value = v.asBoolean();
            else if (v.isIntegralNumber() && v.canConvertToLong()) value = v.asLong();
            else if (v.isArray() && StreamSupport.stream(v.spliterator(), false).allMatch(JsonNode::isTextual)) {
                List<String> list = new ArrayList<>();
                v.forEach(e -> list.add(e.asText()));
                value = list;
            } else value = v.toString();
            out.put(f.getKey(), value);
        });
        return copyDetails(out);
    }
}
