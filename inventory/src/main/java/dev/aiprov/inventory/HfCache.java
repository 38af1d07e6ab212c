package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a Hugging Face hub cache ({@code models--org--name/{refs,snapshots,blobs}}, likewise
 * {@code datasets--} and {@code spaces--}): which repos were pulled, at which revisions, and when,
 * from the cache's own timestamps (the snapshot directory and the files it links to). Nothing in the
 * cache is opened except the small {@code refs/*} files.
 */
public final class HfCache {
    static final int MAX_REPOS = 100_000;
    static final int MAX_FILES_PER_SNAPSHOT = 50_000;
    private static final int MAX_REF_BYTES = 256;

    private HfCache() {
    }

    /**
     * One revision of a repo present in the cache. {@code pulledAt} is the latest modification time
     * of the snapshot directory and of the files it holds (the last download into it); {@code refs}
     * are the branch/tag names the cache maps to this commit ({@code main}, {@code refs/pr/1}).
     */
    public record Entry(RepoType type, String repo, String revision, Instant pulledAt, List<String> refs) {
        public Entry {
            refs = List.copyOf(refs);
        }
    }

    public record Result(Path dir, List<Entry> entries, List<String> skipped) {
        public Result {
            entries = List.copyOf(entries);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The cache directory: {@code $HF_HUB_CACHE}, else {@code $HUGGINGFACE_HUB_CACHE}, else
     * {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else
     * {@code ~/.cache/huggingface/hub}.
     */
    public static Path locate(Map<String, String> env) {
        for (String k : List.of("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")) {
            String v = env.get(k);
            if (v != null && !v.isBlank()) return Path.of(v);
        }
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "hub");
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "huggingface", "hub");
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    public static Result read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("not a Hugging Face cache directory: " + dir);
        List<Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> repoDirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (repoDirs.size() >= MAX_REPOS) {
                    skipped.add("(more than " + MAX_REPOS + " repos; stopped)");
                    break;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) repoDirs.add(p);
            }
        }
        repoDirs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path repoDir : repoDirs) {
            String name = repoDir.getFileName().toString();
            RepoType type = typeOf(name);
            if (type == null) continue;   // .locks and anything else that is not a repo
            String repo = name.substring(name.indexOf("--") + 2).replace("--", "/");
            if (!RepoIds.isValid(repo)) {
                skipped.add(name + ": not an org/name repo id");
                continue;
            }
            Map<String, List<String>> refs = refs(repoDir.resolve("refs"));
            Path snapshots = repoDir.resolve("snapshots");
            if (!Files.isDirectory(snapshots, LinkOption.NOFOLLOW_LINKS)) continue;
            TreeSet<String> shas = new TreeSet<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
                for (Path s : ds) {
                    String sha = s.getFileName().toString();
                    if (RepoIds.isCommit(sha) && Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)) shas.add(sha);
                }
            }
            for (String sha : shas) {
                Instant pulled = pulledAt(snapshots.resolve(sha));
                entries.add(new Entry(type, repo, sha.toLowerCase(), pulled, refs.getOrDefault(sha.toLowerCase(), List.of())));
            }
        }
        return new Result(dir, entries, skipped);
    }

    static RepoType typeOf(String dirName) {
        if (dirName.startsWith("models--")) return RepoType.MODEL;
        if (dirName.startsWith("datasets--")) return RepoType.DATASET;
        if (dirName.startsWith("spaces--")) return RepoType.SPACE;
        return null;
    }

    /** sha → ref names, from {@code refs/<name>} files holding a commit sha. */
    private static Map<String, List<String>> refs(Path refsDir) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        if (!Files.isDirectory(refsDir, LinkOption.NOFOLLOW_LINKS)) return out;
        List<Path> files;
        try (var s = Files.walk(refsDir, 4)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).limit(1000).sorted().toList();
        }
        for (Path f : files) {
            String sha = readSmall(f);
            if (!RepoIds.isCommit(sha)) continue;
            String ref = refsDir.relativize(f).toString().replace('\\', '/');
            out.computeIfAbsent(sha.toLowerCase(), k -> new ArrayList<>()).add(ref);
        }
        return out;
    }

    private static String readSmall(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            return new String(in.readNBytes(MAX_REF_BYTES), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Latest mtime of the snapshot directory and of what it holds (symlinks followed to their blobs). */
    private static Instant pulledAt(Path snapshot) throws IOException {
        FileTime latest = Files.getLastModifiedTime(snapshot, LinkOption.NOFOLLOW_LINKS);
        Deque<Path> todo = new ArrayDeque<>();
        todo.push(snapshot);
        int seen = 0;
        while (!todo.isEmpty() && seen < MAX_FILES_PER_SNAPSHOT) {
            Path d = todo.pop();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path p : ds) {
                    if (++seen > MAX_FILES_PER_SNAPSHOT) break;
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        todo.push(p);
                        FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                        if (t.compareTo(latest) > 0) latest = t;
                        continue;
                    }
                    try {
                        FileTime t = Files.getLastModifiedTime(p);   // follows the link to the blob
                        if (t.compareTo(latest) > 0) latest = t;
                    } catch (IOException broken) {
                        // a dangling link: the blob was removed; the snapshot still tells us the revision
                    }
                }
            }
        }
        return latest.toInstant();
    }
}
