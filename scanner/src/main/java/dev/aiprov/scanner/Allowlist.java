package dev.aiprov.scanner;

import dev.aiprov.scanner.io.UserFiles;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accepted findings of any rule, read from a {@code .aiprov-allowlist} file. One entry per line,
 * three fields separated by whitespace, {@code #} starts a comment:
 * <pre>
 * # path (glob)               rule                       sha256 (or *)
 * notebooks/demo.ipynb        SECRET_HUGGINGFACE_TOKEN   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * docs/**                     SECRET_GENERIC             *
 * vendor/legacy.pkl           PICKLE_GLOBAL_UNKNOWN      3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b
 * </pre>
 * A path matches the result path exactly, as a suffix after {@code /} or {@code !}, or, relative to
 * the directory holding the allowlist file, exactly or as a glob ({@code *}, {@code **}, {@code ?}).
 * {@code *} as the rule matches every rule. A concrete sha256 is the hash of the leaked value for a
 * secret finding (a rotated key reappears) and the file's SHA-256 for any other finding (a changed
 * file reappears). An allowlist removes findings only: a file that could not be judged stays not judged.
 */
public final class Allowlist {
    /** Conventional file name, next to the scanned path or at the repository root. */
    public static final String FILE_NAME = ".aiprov-allowlist";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    /** {@code base} is the directory of the allowlist file (absolute, normalised), or null for parsed text. */
    private record Entry(String path, PathMatcher glob, String rule, String sha256, Path base) {
        boolean matches(String resultPath, Finding f, String fileSha, byte[] secretKey) {
            if (!rule.equals("*") && !rule.equals(f.rule())) return false;
            if (!sha256.equals("*")) {
                String actual = f.secret() != null ? f.secret().sha256() : fileSha;
                // a secret finding carries the keyed hash; an entry may hold it or the plain SHA-256 of the value
                boolean keyed = f.secret() != null && secretKey != null && actual != null
                        && actual.equals(dev.aiprov.scanner.secrets.SecretsDetector.keyedHashOfSha256(secretKey, sha256));
                if (!sha256.equals(actual) && !keyed) return false;
            }
            String p = resultPath.replace('\\', '/');
            if (p.startsWith("./")) p = p.substring(2);
            if (p.equals(path) || p.endsWith("/" + path) || p.endsWith("!" + path)) return true;
            String rel = relative(base, resultPath);
            if (rel != null && rel.equals(path)) return true;
            String candidate = rel != null ? rel : p;
            return glob != null && glob.matches(Path.of(candidate.replace('!', '/')));
        }
    }

    private final List<Entry> entries;
    private final byte[] secretKey;

    private Allowlist(List<Entry> entries) {
        this(entries, null);
    }

    private Allowlist(List<Entry> entries, byte[] secretKey) {
        this.entries = List.copyOf(entries);
        this.secretKey = secretKey == null ? null : secretKey.clone();
    }

    /**
     * This allowlist, matching secret entries that hold the plain SHA-256 of a value against the keyed
     * hash findings carry ({@link dev.aiprov.scanner.secrets.SecretsDetector#keyedHashOfSha256}).
     */
    public Allowlist withSecretKey(byte[] key) {
        return new Allowlist(entries, key);
    }

    public static Allowlist empty() {
        return new Allowlist(List.of());
    }

    /**
     * Reads an allowlist file through {@link UserFiles} (regular files only, size capped); globs are
     * relative to the file's directory. Malformed lines are an {@link IOException} naming file and line.
     */
    public static Allowlist load(Path file) throws IOException {
        String text = UserFiles.readText(file, UserFiles.DEFAULT_MAX_BYTES);
        try {
            return parse(text, file.toAbsolutePath().normalize().getParent());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /**
     * The allowlist that applies to a scan of {@code scanned}: {@code .aiprov-allowlist} in the scanned
     * directory (or beside the scanned file) and at the repository root (the nearest enclosing directory
     * holding {@code .git}), both when they differ. Empty when there is none.
     */
    public static Allowlist discover(Path scanned) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        Path abs = scanned.toAbsolutePath().normalize();
        Path here = Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS) ? abs : abs.getParent();
        if (here == null) return empty();
        if (Files.exists(here.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS)) files.add(here.resolve(FILE_NAME));
        for (Path d = here; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(d.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS)) files.add(d.resolve(FILE_NAME));
                break;
            }
        }
        Allowlist out = empty();
        for (Path f : files) out = out.and(load(f));
        return out;
    }

    /** Parses allowlist text (paths relative to nothing); throws {@link IllegalArgumentException} naming the first bad line. */
    public static Allowlist parse(String text) {
        return parse(text, null);
    }

    private static Allowlist parse(String text, Path base) {
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
            entries.add(new Entry(path, glob, f[1], sha, base));
        }
        return new Allowlist(entries);
    }

    /** The entries of both lists. */
    public Allowlist and(Allowlist other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new Allowlist(all, secretKey != null ? secretKey : other.secretKey);
    }

    public int size() {
        return entries.size();
    }

    /** True when an entry accepts {@code finding} reported for the file at {@code path} whose SHA-256 is {@code fileSha} (may be null). */
    public boolean allows(String path, Finding finding, String fileSha) {
        for (Entry e : entries) if (e.matches(path, finding, fileSha, secretKey)) return true;
        return false;
    }

    /** {@link #allows(String, Finding, String)} without a file hash (secret findings, wildcard entries). */
    public boolean allows(String path, Finding finding) {
        return allows(path, finding, null);
    }

    /** The same results without the accepted findings (error and other fields unchanged). */
    public List<FileResult> apply(List<FileResult> results) {
        if (entries.isEmpty()) return results;
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            List<Finding> kept = new ArrayList<>();
            for (Finding f : r.findings()) if (!allows(r.path(), f, r.sha256())) kept.add(f);
            out.add(kept.size() == r.findings().size() ? r
                    : new FileResult(r.path(), r.format(), r.sha256(), r.bytesRead(), kept, r.error()));
        }
        return out;
    }

    /** The path of a result ({@code file} or {@code file!member}) relative to {@code base}, or null when outside it. */
    private static String relative(Path base, String resultPath) {
        if (base == null) return null;
        int bang = resultPath.indexOf('!');
        String outer = bang < 0 ? resultPath : resultPath.substring(0, bang);
        try {
            Path abs = Path.of(outer).toAbsolutePath().normalize();
            if (!abs.startsWith(base) || abs.equals(base)) return null;
            String rel = base.relativize(abs).toString().replace('\\', '/');
            return bang < 0 ? rel : rel + resultPath.substring(bang);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
