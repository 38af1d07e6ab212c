package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Accepted findings, read from a {@code .aiprov-allowlist} file. One entry per line, three fields
 * separated by whitespace, {@code #} starts a comment:
 * <pre>
 * # path (glob)               rule                       sha256 of the value (or *)
 * notebooks/demo.ipynb        SECRET_HUGGINGFACE_TOKEN   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * docs/**                     SECRET_GENERIC             *
 * </pre>
 * A path matches the result path exactly, as a suffix after {@code /} or {@code !}, or as a glob
 * ({@code *}, {@code **}, {@code ?}). {@code *} as the rule matches every rule. A concrete sha256
 * matches only findings that carry a {@link dev.aiprov.scanner.SecretRef} with that hash, so rotating
 * the key (a new value) makes the finding reappear. Malformed lines are rejected with their line number.
 */
public final class SecretsAllowlist {
    /** Conventional file name at the root of a scanned tree. */
    public static final String FILE_NAME = ".aiprov-allowlist";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private record Entry(String path, PathMatcher glob, String rule, String sha256) {
        boolean matches(String resultPath, Finding f) {
            if (!rule.equals("*") && !rule.equals(f.rule())) return false;
            if (!sha256.equals("*") && (f.secret() == null || !sha256.equals(f.secret().sha256()))) return false;
            String p = resultPath.replace('\\', '/');
            if (p.startsWith("./")) p = p.substring(2);
            if (p.equals(path) || p.endsWith("/" + path) || p.endsWith("!" + path)) return true;
            return glob != null && glob.matches(Path.of(p.replace('!', '/')));
        }
    }

    private final List<Entry> entries;

    private SecretsAllowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static SecretsAllowlist empty() {
        return new SecretsAllowlist(List.of());
    }

    public static SecretsAllowlist load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses allowlist text; throws {@link IllegalArgumentException} naming the first bad line. */
    public static SecretsAllowlist parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            if (f.length != 3) throw new IllegalArgumentException("allowlist line " + (i + 1) + ": expected 'path rule sha256'");
            String sha = f[2].toLowerCase(Locale.ROOT);
            if (!sha.equals("*") && !SHA.matcher(sha).matches())
                throw new IllegalArgumentException("allowlist line " + (i + 1) + ": sha256 must be 64 hex digits or *");
            String path = f[0].startsWith("./") ? f[0].substring(2) : f[0];
            PathMatcher glob = path.contains("*") || path.contains("?")
                    ? FileSystems.getDefault().getPathMatcher("glob:" + path) : null;
            entries.add(new Entry(path, glob, f[1], sha));
        }
        return new SecretsAllowlist(entries);
    }

    public int size() {
        return entries.size();
    }

    /** True when an entry accepts {@code finding} reported for the file at {@code path}. */
    public boolean allows(String path, Finding finding) {
        for (Entry e : entries) if (e.matches(path, finding)) return true;
        return false;
    }

    /** The same results without the accepted findings (error and other fields unchanged). */
    public List<FileResult> apply(List<FileResult> results) {
        if (entries.isEmpty()) return results;
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            List<Finding> kept = new ArrayList<>();
            for (Finding f : r.findings()) if (!allows(r.path(), f)) kept.add(f);
            out.add(kept.size() == r.findings().size() ? r
                    : new FileResult(r.path(), r.format(), r.sha256(), r.bytesRead(), kept, r.error()));
        }
        return out;
    }

    /** Static form of {@link #apply} for callers holding results and an allowlist. */
    public static List<FileResult> filter(List<FileResult> results, SecretsAllowlist allowlist) {
        return allowlist == null ? results : allowlist.apply(results);
    }
}
