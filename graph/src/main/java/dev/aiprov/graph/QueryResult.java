package dev.aiprov.graph;

import java.util.List;
import java.util.Map;

/**
 * Rows of a read query as plain Java values (String, Long, Double, Boolean, List, Map, ISO date
 * strings); nodes become maps of their properties plus {@code _labels}, relationships plus
 * {@code _type}. Row maps keep the column order.
 */
public record QueryResult(List<String> columns, List<Map<String, Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
