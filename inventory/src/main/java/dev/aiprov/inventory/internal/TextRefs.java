package dev.aiprov.inventory.internal;

import dev.aiprov.graph.RepoType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hub references in program text, found by pattern and a small argument reader: Python calls
 * ({@code from_pretrained}, {@code pipeline}, {@code hf_hub_download}, {@code snapshot_download},
 * {@code load_dataset}, …) and shell commands ({@code huggingface-cli download}, {@code hf download}).
 * Only string literals count: a variable, an f-string with a placeholder or a comment is never a
 * reference. Nothing is executed or imported.
 */
public final class TextRefs {
    /** Characters of a call's argument list read at most. */
    static final int MAX_ARGS_CHARS = 4000;
    static final int MAX_HITS = 10_000;

    private static final Pattern CALL = Pattern.compile(
            "\\b(from_pretrained|pipeline|hf_hub_download|snapshot_download|hf_hub_url|load_dataset"
                    + "|SentenceTransformer|InferenceClient)\\s*\\(");
    private static final Pattern KWARG = Pattern.compile("(?s)([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(.*)");
    private static final Pattern LITERAL = Pattern.compile("(?s)([rRuUbBfF]{0,2})(\"\"\"|'''|\"|')(.*)\\2");
    private static final Pattern CLI = Pattern.compile("(?:\\bhuggingface-cli|(?<![\\w.-])hf)[ \\t]+download[ \\t]+([^\\n]*)");

    private TextRefs() {
    }

    /** A reference at a character offset of the text. {@code revision} may be null. */
    public record Hit(RepoType type, String repo, String revision, int offset) {
    }

    /** A call argument: its raw text, start offset in the text, and literal value (null when not a literal). */
    private record Arg(String name, String raw, int offset, String literal) {
    }

    public static List<Hit> python(String text) {
        List<Hit> hits = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find() && hits.size() < MAX_HITS) {
            if (inCommentOrDefinition(text, m.start())) continue;
            List<Arg> args = args(text, m.end());
            if (args == null) continue;
            String fn = m.group(1);
            List<Arg> pos = new ArrayList<>();
            Map<String, Arg> kw = new LinkedHashMap<>();
            for (Arg a : args) {
                if (a.name() == null) pos.add(a);
                else kw.put(a.name(), a);
            }
            Arg repo;
            RepoType type = RepoType.MODEL;
            switch (fn) {
                case "from_pretrained" -> {
                    repo = first(kw, "pretrained_model_name_or_path", "model_id");
                    if (repo == null && !pos.isEmpty()) {
                        // PeftModel.from_pretrained(base, "org/adapter"): the id is the first literal
                        repo = pos.get(0).literal() != null ? pos.get(0) : pos.size() > 1 ? pos.get(1) : null;
                    }
                }
                case "pipeline" -> repo = kw.containsKey("model") ? kw.get("model") : pos.size() > 1 ? pos.get(1) : null;
                case "load_dataset" -> {
                    repo = kw.containsKey("path") ? kw.get("path") : pos.isEmpty() ? null : pos.get(0);
                    type = RepoType.DATASET;
                }
                case "SentenceTransformer" -> repo = kw.containsKey("model_name_or_path")
                        ? kw.get("model_name_or_path") : pos.isEmpty() ? null : pos.get(0);
                case "InferenceClient" -> repo = kw.containsKey("model") ? kw.get("model") : pos.isEmpty() ? null : pos.get(0);
                default -> repo = kw.containsKey("repo_id") ? kw.get("repo_id") : pos.isEmpty() ? null : pos.get(0);
            }
            if (repo == null || repo.literal() == null) continue;
            Arg repoType = kw.get("repo_type");
            if (repoType != null) {
                if (repoType.literal() == null) continue;   // decided at run time: cannot say what it is
                RepoType t = repoType(repoType.literal());
                if (t == null) continue;
                type = t;
            }
            Arg rev = kw.get("revision");
            String revision = rev == null ? null : rev.literal();
            hits.add(new Hit(type, repo.literal().strip(), revision == null ? null : revision.strip(), repo.offset()));
        }
        return hits;
    }

    /** {@code huggingface-cli download org/x --revision R --repo-type dataset}, {@code hf download …}. */
    public static List<Hit> shell(String text) {
        List<Hit> hits = new ArrayList<>();
        String joined = joinContinuations(text);
        Matcher m = CLI.matcher(joined);
        while (m.find() && hits.size() < MAX_HITS) {
            int lineStart = joined.lastIndexOf('\n', m.start()) + 1;
            String before = joined.substring(lineStart, m.start());
            if (before.strip().startsWith("#")) continue;
            List<String> tokens = new ArrayList<>();
            List<Integer> offsets = new ArrayList<>();
            tokenize(m.group(1), m.start(1), tokens, offsets);
            String repo = null;
            int repoOffset = -1;
            String revision = null;
            RepoType type = RepoType.MODEL;
            boolean unknownType = false;
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (t.equals("&&") || t.equals("||") || t.equals(";") || t.equals("|") || t.startsWith(">")) break;
                String opt = t, val = null;
                int eq = t.indexOf('=');
                if (t.startsWith("--") && eq > 0) {
                    opt = t.substring(0, eq);
                    val = t.substring(eq + 1);
                }
                switch (opt) {
                    case "--revision", "--repo-type", "--local-dir", "--cache-dir", "--token", "--max-workers",
                            "--local-dir-use-symlinks", "--etag-timeout" -> {
                        if (val == null && i + 1 < tokens.size()) val = tokens.get(++i);
                        if (opt.equals("--revision")) revision = val;
                        if (opt.equals("--repo-type")) {
                            RepoType rt = val == null ? null : repoType(val);
                            if (rt == null) unknownType = true;
                            else type = rt;
                        }
                    }
                    default -> {
                        if (!t.startsWith("-") && repo == null) {
                            repo = t;
                            repoOffset = offsets.get(i);
                        }
                    }
                }
            }
            if (repo != null && !unknownType && !repo.contains("$") && (revision == null || !revision.contains("$"))) {
                hits.add(new Hit(type, repo, revision, repoOffset));
            }
        }
        return hits;
    }

    static RepoType repoType(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "model", "models" -> RepoType.MODEL;
            case "dataset", "datasets" -> RepoType.DATASET;
            case "space", "spaces" -> RepoType.SPACE;
            default -> null;
        };
    }

    private static Arg first(Map<String, Arg> kw, String... names) {
        for (String n : names) if (kw.containsKey(n)) return kw.get(n);
        return null;
    }

    /** True when a {@code #} outside quotes precedes the match on its line, or the match is a {@code def}. */
    private static boolean inCommentOrDefinition(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        String before = text.substring(lineStart, at);
        if (before.matches("(?s).*\\bdef\\s+$")) return true;
        char quote = 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return true;
            }
        }
        return false;
    }

    /** The top-level arguments of the call whose '(' ends at {@code start}; null when unterminated. */
    private static List<Arg> args(String text, int start) {
        List<Arg> out = new ArrayList<>();
        int depth = 0;
        int argStart = start;
        int end = Math.min(text.length(), start + MAX_ARGS_CHARS);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                boolean triple = i + 2 < text.length() && text.charAt(i + 1) == c && text.charAt(i + 2) == c;
                int j = i + (triple ? 3 : 1);
                while (j < end) {
                    char d = text.charAt(j);
                    if (d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == c && (!triple || (j + 2 < text.length() && text.charAt(j + 1) == c && text.charAt(j + 2) == c))) break;
                    if (d == '\n' && !triple) break;
                    j++;
                }
                i = j + (triple ? 3 : 1);
                continue;
            }
            if (c == '#') {   // comment to end of line inside a multi-line call
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? end : nl;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
            else if (c == ')' || (c == ',' && depth == 0)) {
                addArg(text, argStart, i, out);
                if (c == ')') return out;
                argStart = i + 1;
            }
            i++;
        }
        return null;
    }

    private static void addArg(String text, int from, int to, List<Arg> out) {
        String raw = text.substring(from, to);
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) return;
        int offset = from + raw.indexOf(trimmed.charAt(0));
        String name = null;
        String value = trimmed;
        Matcher kw = KWARG.matcher(trimmed);
        if (kw.matches()) {
            name = kw.group(1);
            value = kw.group(2).strip();
            offset = offset + trimmed.indexOf(value, kw.end(1));
        }
        out.add(new Arg(name, value, offset, literal(value)));
    }

    /** The value of a single string literal, or null (variables, calls, concatenations, f-string placeholders). */
    static String literal(String value) {
        Matcher m = LITERAL.matcher(value);
        if (!m.matches()) return null;
        String prefix = m.group(1).toLowerCase(Locale.ROOT);
        String body = m.group(3);
        if (prefix.contains("b")) return null;
        if (body.contains(m.group(2)) || body.contains("\\")) return null;   // two literals, or escapes
        if (prefix.contains("f") && body.contains("{")) return null;
        if (body.contains("{") || body.contains("}") || body.contains("<") || body.contains(">") || body.contains("$")) {
            return null;   // template placeholders
        }
        return body;
    }

    /** Shell tokens with their offsets; quotes are removed. */
    private static void tokenize(String s, int base, List<String> tokens, List<Integer> offsets) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') break;
            int start = i;
            StringBuilder t = new StringBuilder();
            if (c == ';' || c == '|' || c == '&' || c == '>') {
                while (i < s.length() && "&|;>".indexOf(s.charAt(i)) >= 0) t.append(s.charAt(i++));
            } else {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "&|;>".indexOf(s.charAt(i)) < 0) {
                    char d = s.charAt(i);
                    if (d == '"' || d == '\'') {
                        int close = s.indexOf(d, i + 1);
                        if (close < 0) close = s.length();
                        t.append(s, i + 1, close);
                        i = Math.min(s.length(), close + 1);
                    } else {
                        t.append(d);
                        i++;
                    }
                }
            }
            tokens.add(t.toString());
            offsets.add(base + start + (s.charAt(start) == '"' || s.charAt(start) == '\'' ? 1 : 0));
        }
    }

    /**
     * Joins backslash-newline continuations with two spaces in place of the two characters, so that
     * offsets in the joined text are offsets in the original.
     */
    private static String joinContinuations(String text) {
        return text.replace("\\\r\n", "   ").replace("\\\n", "  ");
    }
}
