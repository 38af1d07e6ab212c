package dev.aiprov.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aiprov.inventory.HfCache;
import dev.aiprov.inventory.Reference;
import dev.aiprov.graph.InventoryStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed JSON, table and CSV shapes of the inventory commands. */
public final class InventoryReport {
    public static final List<String> COLUMNS = List.of("deployment", "environment", "owner", "artifact", "revision",
            "source", "pulled", "approval", "worst finding");

    private InventoryReport() {
    }

    /** {@code inventory discover --format json}: {@code revision} null when unpinned. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Discovered(String type, String repo, String revision, String file, int line) {
        public static Discovered of(Reference r) {
            return new Discovered(r.type().key(), r.repo(), r.revision(), r.file(), r.line());
        }
    }

    /** {@code inventory cache --format json}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Cached(String type, String repo, String revision, String pulledAt, List<String> refs) {
        public static Cached of(HfCache.Entry e) {
            return new Cached(e.type().key(), e.repo(), e.revision(), e.pulledAt() == null ? null : e.pulledAt().toString(), e.refs());
        }
    }

    /**
     * {@code inventory list --format json}: {@code revision} null and {@code followsMain} true when
     * unpinned; {@code worstFinding} is {@code not scanned}, {@code none} or a severity.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Use(String deployment, String environment, String owner, String type, String repo, String artifact,
                      String revision, boolean pinned, boolean followsMain, String effectiveRevision, String source,
                      String pulledAt, String approval, String worstFinding) {
        public static Use of(InventoryStore.Item i) {
            return new Use(i.deployment(), i.environment(), i.owner(), i.type().key(), i.repo(), i.key(), i.revision(),
                    i.pinned(), i.revision() == null || i.revision().equals("main"), i.effectiveRevision(),
                    i.source() == null ? "https://huggingface.co (default)" : i.source(),
                    i.pulledAt() == null ? null : i.pulledAt().toString(), i.approval().label(),
                    i.worstFinding() == null ? "not scanned" : i.worstFinding());
        }

        public Map<String, Object> row() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deployment", deployment);
            m.put("environment", environment == null ? "" : environment);
            m.put("owner", owner == null ? "" : owner);
            m.put("artifact", artifact);
            m.put("revision", revision == null ? "follows main" : revision.equals("main") ? "main (follows main)" : revision);
            m.put("source", source);
            m.put("pulled", pulledAt == null ? "" : pulledAt);
            m.put("approval", approval);
            m.put("worst finding", worstFinding);
            return m;
        }
    }

    /** RFC 4180 CSV with a header row; fields quoted when they hold a comma, quote or line break. */
    public static String csv(List<Use> uses) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", COLUMNS.stream().map(c -> c.replace(' ', '_')).toList())).append("\r\n");
        for (Use u : uses) {
            boolean first = true;
            for (Object v : u.row().values()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(csvField(String.valueOf(v)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String csvField(String s) {
        // a leading = + - @ would be a formula in a spreadsheet: neutralise it
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
