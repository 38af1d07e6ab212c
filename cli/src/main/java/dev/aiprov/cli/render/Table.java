package dev.aiprov.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plain-text table for terminals: one column per result column, cells cut at 80 characters. */
public final class Table {
    private static final int MAX_CELL = 80;

    private Table() {
    }

    public static String render(List<String> columns, List<Map<String, Object>> rows) {
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) width[i] = columns.get(i).length();
        for (Map<String, Object> row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                line[i] = cell(row.get(columns.get(i)));
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, columns.toArray(String[]::new), width);
        String[] rule = new String[columns.size()];
        for (int i = 0; i < rule.length; i++) rule[i] = "-".repeat(width[i]);
        appendLine(sb, rule, width);
        for (String[] line : cells) appendLine(sb, line, width);
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append("  ");
            sb.append(cells[i]);
            if (i < cells.length - 1) sb.append(" ".repeat(width[i] - cells[i].length()));
        }
        sb.append('\n');
    }

    static String cell(Object v) {
        String s = v == null ? "" : v instanceof String str ? str : Json.compact(v);
        s = s.replace('\n', ' ').replace('\t', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }
}
