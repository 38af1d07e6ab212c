package dev.aiprov.graph.lineage;

import java.util.List;
import java.util.Locale;

/** Finding severities as stored in the graph ({@code CRITICAL} … {@code INFO}, any case), worst first. */
final class Severities {
    private static final List<String> ORDER = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO");

    private Severities() {
    }

    static int rank(String s) {
        if (s == null) return Integer.MAX_VALUE;
        int i = ORDER.indexOf(s.toUpperCase(Locale.ROOT));
        return i < 0 ? ORDER.size() : i;
    }

    /** The worst of {@code severities} in upper case, or null when there is none. */
    static String worst(List<?> severities) {
        String best = null;
        for (Object o : severities) {
            if (o == null) continue;
            String s = o.toString().toUpperCase(Locale.ROOT);
            if (best == null || rank(s) < rank(best)) best = s;
        }
        return best;
    }
}
