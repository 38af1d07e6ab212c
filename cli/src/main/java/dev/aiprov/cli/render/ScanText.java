package dev.aiprov.cli.render;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Human-readable scan report: findings per file, most severe first, then a summary line. */
public final class ScanText {
    private ScanText() {
    }

    public static String render(List<FileResult> results) {
        StringBuilder sb = new StringBuilder();
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        int unjudged = 0;
        for (FileResult r : results) {
            if (!r.judged()) unjudged++;
            if (r.findings().isEmpty()) continue;
            sb.append(r.path()).append("  [").append(r.format()).append(']');
            if (!r.judged()) sb.append("  NOT JUDGED: ").append(r.error());
            sb.append('\n');
            r.findings().stream()
                    .sorted((a, b) -> a.severity().compareTo(b.severity()))
                    .forEach(f -> {
                        counts.merge(f.severity(), 1, Integer::sum);
                        sb.append("  ").append(String.format("%-8s", f.severity().label().toUpperCase()))
                                .append(' ').append(f.rule()).append("  ").append(where(f)).append('\n')
                                .append("           ").append(f.message());
                        if (!f.evidence().isEmpty()) sb.append("  [").append(f.evidence()).append(']');
                        sb.append('\n');
                    });
        }
        sb.append(results.size()).append(results.size() == 1 ? " file scanned, " : " files scanned, ");
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        sb.append(total).append(total == 1 ? " finding" : " findings");
        if (total > 0) {
            sb.append(" (");
            boolean first = true;
            for (var e : counts.entrySet()) {
                if (!first) sb.append(", ");
                sb.append(e.getValue()).append(' ').append(e.getKey().label());
                first = false;
            }
            sb.append(')');
        }
        if (unjudged > 0) sb.append(", ").append(unjudged).append(" not judged");
        sb.append('\n');
        return sb.toString();
    }

    private static String where(Finding f) {
        String loc = f.location().toString();
        if (f.location().line() > 0) loc = (loc.isEmpty() ? "" : loc + " ") + "line " + f.location().line();
        return loc;
    }
}
