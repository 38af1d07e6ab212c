package dev.aiprov.cli.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The query string of a request, decoded as UTF-8. */
final class Query {
    private Query() {
    }

    /** Parameters by name, in order; throws {@link IllegalArgumentException} for a bad %-escape. */
    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** The raw query without parameter {@code name}, as {@code ?…}, or empty. */
    static String without(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        for (String pair : rawQuery.split("&")) {
            String k = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !k.equals(name)) j.add(pair);
        }
        return j.toString();
    }
}
