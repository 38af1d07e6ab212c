package dev.aiprov.graph;

import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs user-supplied Cypher read-only: writes, schema changes and anything that reaches past the
 * graph (files, URLs, other databases, procedures; see {@link QueryGuard}) are refused before they run.
 */
public final class ReadQueries {
    private final Graph graph;

    public ReadQueries(Graph graph) {
        this.graph = graph;
    }

    /**
     * Runs {@code cypher} with {@code params} in a read transaction, after {@code EXPLAIN} has shown
     * it is read-only and {@link QueryGuard} passed its tokens and its plan. Throws
     * {@link QueryRejectedException} with a one-line message for a refused query or a syntax error.
     */
    public QueryResult readOnly(String cypher, Map<String, Object> params) {
        QueryGuard.checkText(cypher);
        SessionConfig cfg = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (var session = graph.driver().session(cfg)) {
            ResultSummary explained = session.executeRead(tx -> tx.run("EXPLAIN " + cypher, params).consume());
            if (!explained.hasPlan()) throw new QueryRejectedException("query refused: Neo4j gave no plan to check", null);
            QueryGuard.checkPlan(explained.plan());
            QueryType type = explained.queryType();
            if (type != QueryType.READ_ONLY) {
                throw new QueryRejectedException("query refused: only read-only Cypher is allowed (this one is "
                        + type.name().toLowerCase().replace('_', '-') + ")", null);
            }
            return session.executeRead(tx -> {
                var result = tx.run(cypher, params);
                List<String> columns = result.keys();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.hasNext()) {
                    Record rec = result.next();
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String c : columns) row.put(c, plain(rec.get(c)));
                    rows.add(row);
                }
                return new QueryResult(columns, rows);
            });
        } catch (ClientException e) {
            throw new QueryRejectedException("query failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Converts a driver value into plain Java values suitable for JSON and tables. */
    public static Object plain(Value v) {
        if (v == null || v.isNull()) return null;
        Object o = v.asObject();
        return plainObject(o);
    }

    private static Object plainObject(Object o) {
        if (o == null) return null;
        if (o instanceof Node n) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>();
            n.labels().forEach(labels::add);
            m.put("_labels", labels);
            n.asMap().forEach((k, val) -> m.put(k, plainObject(val)));
            return m;
        }
        if (o instanceof Relationship r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("_type", r.type());
            r.asMap().forEach((k, val) -> m.put(k, plainObject(val)));
            return m;
        }
        if (o instanceof Path p) {
            List<Object> parts = new ArrayList<>();
            p.nodes().forEach(n -> parts.add(plainObject(n)));
            return parts;
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, val) -> m.put(String.valueOf(k), plainObject(val)));
            return m;
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) out.add(plainObject(x));
            return out;
        }
        if (o instanceof TemporalAccessor t) return t.toString();
        return o;
    }
}
