package dev.aiprov.inventory.internal;

import dev.aiprov.inventory.internal.LocatedYaml.Entry;
import dev.aiprov.inventory.internal.LocatedYaml.MapNode;
import dev.aiprov.inventory.internal.LocatedYaml.Node;
import dev.aiprov.inventory.internal.LocatedYaml.Scalar;
import dev.aiprov.inventory.internal.LocatedYaml.SeqNode;
import dev.aiprov.graph.RepoType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hub references in YAML and JSON configuration: {@code model_name_or_path: org/x},
 * {@code model: org/x}, {@code base_model: org/x} (or a list), {@code dataset_name: org/x}; a sibling
 * {@code revision} / {@code model_revision} / {@code dataset_revision} in the same mapping pins it.
 */
public final class ConfigRefs {
    static final Set<String> MODEL_KEYS = Set.of("model_name_or_path", "model", "model_id", "model_name",
            "base_model", "pretrained_model_name_or_path", "base_model_name_or_path", "_name_or_path",
            "tokenizer_name", "tokenizer_name_or_path", "teacher_model", "reward_model", "ref_model");
    static final Set<String> DATASET_KEYS = Set.of("dataset_name", "dataset", "dataset_id", "datasets",
            "dataset_name_or_path");
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(?:-\\s+)?([A-Za-z_]+)\\s*:\\s*[\"']?([^\\s\"'#]+)[\"']?\\s*(?:#.*)?$");

    private ConfigRefs() {
    }

    /** A reference at a 1-based line. */
    public record Hit(RepoType type, String repo, String revision, int line) {
    }

    public static List<Hit> fromTree(Node root) {
        List<Hit> hits = new ArrayList<>();
        walk(root, hits, 0);
        return hits;
    }

    /** For YAML that is not YAML yet (templates): {@code key: value} lines, without revisions. */
    public static List<Hit> fromLines(String text) {
        List<Hit> hits = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length && hits.size() < TextRefs.MAX_HITS; i++) {
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) continue;
            RepoType t = typeOf(m.group(1));
            if (t != null) hits.add(new Hit(t, m.group(2), null, i + 1));
        }
        return hits;
    }

    private static RepoType typeOf(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (MODEL_KEYS.contains(k)) return RepoType.MODEL;
        if (DATASET_KEYS.contains(k)) return RepoType.DATASET;
        return null;
    }

    private static void walk(Node n, List<Hit> hits, int depth) {
        if (n == null || depth > LocatedYaml.MAX_DEPTH || hits.size() >= TextRefs.MAX_HITS) return;
        if (n instanceof SeqNode s) {
            for (Node c : s.items()) walk(c, hits, depth + 1);
        } else if (n instanceof MapNode m) {
            for (Entry e : m.entries().values()) {
                RepoType t = typeOf(e.key());
                if (t == null) {
                    walk(e.value(), hits, depth + 1);
                    continue;
                }
                String revision = revision(m.entries(), t);
                if (e.value() instanceof Scalar s && s.isString()) {
                    hits.add(new Hit(t, s.text().strip(), revision, s.line()));
                } else if (e.value() instanceof SeqNode list) {
                    for (Node item : list.items()) {
                        if (item instanceof Scalar s && s.isString()) hits.add(new Hit(t, s.text().strip(), null, s.line()));
                    }
                } else {
                    walk(e.value(), hits, depth + 1);
                }
            }
        }
    }

    private static String revision(Map<String, Entry> siblings, RepoType t) {
        for (String k : t == RepoType.DATASET ? List.of("dataset_revision", "revision") : List.of("model_revision", "revision")) {
            Entry e = siblings.get(k);
            if (e != null && e.value() instanceof Scalar s && !s.isNull() && s.text() != null && !s.text().isBlank()) {
                return s.text().strip();
            }
        }
        return null;
    }
}
