package dev.aiprov.crawler.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.crawler.hub.CommitInfo;
import dev.aiprov.crawler.hub.RepoInfo;
import dev.aiprov.crawler.hub.TreeEntry;
import dev.aiprov.graph.RepoType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Defensive readers of Hub JSON: every field may be missing, null or of an unexpected type;
 * strings and lists are capped. Nothing here throws on odd input.
 */
public final class HubJson {
    public static final int MAX_STRING = 4096;
    public static final int MAX_LIST = 10_000;

    private HubJson() {
    }

    public static RepoInfo repoInfo(RepoType type, String requestedId, JsonNode n) {
        String id = text(n, "id");
        if (id == null) {
            id = text(n, "modelId");
        }
        if (id == null) {
            id = requestedId;
        }
        JsonNode card = n.path("cardData");
        List<String> tags = strings(n.get("tags"));
        String license = joined(card.get("license"));
        if (license == null) {
            List<String> fromTags = new ArrayList<>();
            for (String t : tags) {
                if (t.startsWith("license:")) {
                    fromTags.add(t.substring("license:".length()));
                }
            }
            license = fromTags.isEmpty() ? null : String.join(",", fromTags);
        }
        List<String> baseModels = strings(card.get("base_model"));
        return new RepoInfo(type, requestedId, id, text(n, "_id"), text(n, "author"), text(n, "sha"),
                text(n, "lastModified"), text(n, "createdAt"), bool(n.get("private")), gated(n.get("gated")),
                bool(n.get("disabled")), number(n.get("downloads")), number(n.get("likes")), license,
                text(n, "pipeline_tag"), text(n, "library_name"), tags,
                type == RepoType.SPACE ? text(n, "sdk") : null, baseModels,
                text(card, "base_model_relation"), strings(card.get("datasets")),
                type == RepoType.SPACE ? strings(n.get("models")) : List.of(),
                type == RepoType.SPACE ? strings(n.get("datasets")) : List.of(), siblings(n.get("siblings")));
    }

    /** File names of {@code siblings: [{"rfilename": ...}]}. */
    public static List<String> siblings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                String name = text(e, "rfilename");
                if (name != null && out.size() < MAX_LIST) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * A tree page's files; directories, malformed entries and paths that are not {@link #isRepoPath
     * repo paths} are skipped (a path becomes URL segments of {@code /resolve/} requests).
     */
    public static List<TreeEntry> treeEntries(JsonNode page) {
        List<TreeEntry> out = new ArrayList<>();
        if (page == null || !page.isArray()) {
            return out;
        }
        for (JsonNode e : page) {
            if (!e.isObject() || !"file".equals(text(e, "type"))) {
                continue;
            }
            String path = text(e, "path");
            if (!isRepoPath(path)) {
                continue;
            }
            Long size = number(e.get("size"));
            JsonNode lfs = e.path("lfs");
            String sha256 = lfs.isObject() ? text(lfs, "oid") : null;
            if (size == null && lfs.isObject()) {
                size = number(lfs.get("size"));
            }
            JsonNode sec = e.path("securityFileStatus");
            out.add(new TreeEntry(path, size == null ? -1 : size, sha256, text(e, "oid"),
                    sec.isObject() ? text(sec, "status") : null));
        }
        return out;
    }

    /**
     * A file path inside a repo, as the Hub lists it: relative, {@code /}-separated, no empty, {@code .}
     * or {@code ..} segment, no backslash or control character, at most 1,024 characters.
     */
    public static boolean isRepoPath(String path) {
        if (path == null || path.isEmpty() || path.length() > 1024 || path.indexOf('\\') >= 0) return false;
        if (path.chars().anyMatch(Character::isISOControl)) return false;
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) return false;
        }
        return true;
    }

    public static List<CommitInfo> commits(JsonNode page) {
        List<CommitInfo> out = new ArrayList<>();
        if (page == null || !page.isArray()) {
            return out;
        }
        for (JsonNode c : page) {
            String sha = text(c, "id");
            if (sha != null) {
                String title = text(c, "title");
                if (title == null) {
                    title = text(c.path("formatted"), "title");
                }
                out.add(new CommitInfo(sha, text(c, "date"), title));
            }
        }
        return out;
    }

    /** Ids of a list page ({@code [{"_id":..,"id":..}, ...]}). */
    public static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        if (page != null && page.isArray()) {
            for (JsonNode item : page) {
                String id = text(item, "id");
                if (id == null) {
                    id = text(item, "modelId");
                }
                if (id != null) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    public static String text(JsonNode n, String field) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s;
    }

    /** A string, or the strings of a list (a card's {@code base_model}, {@code datasets}, ...); deduplicated. */
    public static List<String> strings(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        if (v.isTextual()) {
            add(out, v.asText());
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (out.size() >= MAX_LIST) {
                    break;
                }
                if (e.isTextual()) {
                    add(out, e.asText());
                }
            }
        }
        return List.copyOf(out);
    }

    private static void add(Set<String> out, String s) {
        String t = s.strip();
        if (!t.isEmpty() && t.length() <= MAX_STRING) {
            out.add(t);
        }
    }

    private static String joined(JsonNode v) {
        List<String> l = strings(v);
        return l.isEmpty() ? null : String.join(",", l);
    }

    private static Boolean bool(JsonNode v) {
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    private static Long number(JsonNode v) {
        return v != null && v.isIntegralNumber() ? v.asLong() : null;
    }

    /** {@code gated}: {@code false}, {@code "auto"}, {@code "manual"} (or {@code true} from older APIs). */
    private static String gated(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "true" : "false";
        }
        return v.isTextual() ? v.asText() : null;
    }
}
