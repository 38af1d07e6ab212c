package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.io.FileSource;
import dev.aiprov.scanner.secrets.Redaction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entry point of the scanner library: dispatches each file to every detector that accepts its
 * content, enforces limits, and never lets one file's failure lose the results of the others.
 * Thread-safe; share one instance.
 */
public final class Scanner {
    /** Bumped whenever detection logic changes, so stored results from older versions get rescanned. */
    public static final String VERSION = "0.1.0";

    private final Limits limits;
    private final List<Detector> detectors;
    private final byte[] secretHashKey;

    public Scanner(Limits limits, List<Detector> detectors) {
        this(limits, detectors, randomKey());
    }

    private Scanner(Limits limits, List<Detector> detectors, byte[] secretHashKey) {
        this.limits = limits;
        this.detectors = detectors.stream().sorted(Comparator.comparingInt(Detector::priority).reversed()).toList();
        this.secretHashKey = secretHashKey.clone();
    }

    /**
     * This scanner with {@code key} for the keyed hash (HMAC-SHA256) of leaked secrets. Callers pass
     * their installation's key so that one value hashes alike across scans; without one, a scanner
     * uses a random key of its own (hashes then match only within that scanner's results).
     */
    public Scanner withSecretHashKey(byte[] key) {
        if (key == null || key.length < 16) throw new IllegalArgumentException("secret hash key must have at least 16 bytes");
        return new Scanner(limits, detectors, key);
    }

    byte[] secretHashKey() {
        return secretHashKey;
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    /** A scanner with every built-in detector and default limits. */
    public static Scanner withDefaults() {
        return new Scanner(Limits.defaults(), DetectorRegistry.all());
    }

    public Limits limits() {
        return limits;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /**
     * Scans one source. The first result is the file itself; generic archives add one result per
     * member ({@code path!member}). {@code sha256} may be null when unknown.
     */
    public List<FileResult> scan(String path, ByteSource source, String sha256) {
        long deadline = System.nanoTime() + limits.timePerFile().toNanos();
        List<FileResult> out = scanNested(path, source, 0, deadline, new AtomicLong());
        return Redaction.redact(sha256 == null ? out : withSha256(out, sha256));
    }

    /**
     * Which local files get their SHA-256 in the results: every one (reports that list every file,
     * with its digest), or only those a report shows (a finding, a note, or not judged). Judging is
     * the same either way; a clean file then costs its detectors alone, not a hash of every byte.
     */
    public enum Digests { EVERY_FILE, FLAGGED_FILES }

    /** Scans a local file with its SHA-256. */
    public List<FileResult> scanFile(Path file, String displayPath) {
        return scanFile(file, displayPath, Digests.EVERY_FILE);
    }

    /** Scans a local file; its SHA-256 is computed (from memory, or in a second streaming pass) as {@code digests} says. */
    public List<FileResult> scanFile(Path file, String displayPath, Digests digests) {
        try {
            long size = Files.size(file);
            if (size <= SMALL_FILE && size <= limits.maxFileBytes()) {
                // most files of a tree are small: one read serves both the hash and the detectors
                byte[] data = Files.readAllBytes(file);
                if (data.length <= SMALL_FILE) {
                    List<FileResult> out = scan(displayPath, new ByteArraySource(data), null);
                    return wanted(digests, out) ? withSha256(out, sha256(data)) : out;
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(unjudged(displayPath, "cannot read: " + e.getMessage()));
        }
        try (FileSource src = new FileSource(file)) {
            if (src.size() > limits.maxFileBytes()) {
                return List.of(unjudged(displayPath, "file of " + src.size() + " bytes exceeds the size limit"));
            }
            List<FileResult> out = scan(displayPath, src, null);
            return wanted(digests, out) ? withSha256(out, sha256(file)) : out;
        } catch (IOException | RuntimeException e) {
            return List.of(unjudged(displayPath, "cannot read: " + e.getMessage()));
        }
    }

    private static boolean wanted(Digests digests, List<FileResult> results) {
        if (digests == Digests.EVERY_FILE) return true;
        for (FileResult r : results) if (!r.findings().isEmpty() || r.error() != null) return true;
        return false;
    }

    private static List<FileResult> withSha256(List<FileResult> results, String sha256) {
        if (results.isEmpty()) return results;
        List<FileResult> out = new ArrayList<>(results);
        FileResult top = out.get(0);
        out.set(0, new FileResult(top.path(), top.format(), sha256, top.bytesRead(), top.findings(), top.error()));
        return out;
    }

    /**
     * Scans files and directories on {@code threads} threads. Directories are walked recursively without
     * following symlinks: a link is reported (a note when it points inside the tree, a finding when it
     * points out of it or nowhere), never read. A path named in {@code roots} is followed even when it is
     * a link. A directory that cannot be listed is reported as not judged and the walk goes on. Results
     * are in path order.
     */
    public List<FileResult> scanPaths(List<Path> roots, int threads) {
        return scanPaths(roots, threads, Digests.EVERY_FILE);
    }

    /** {@link #scanPaths(List, int)}, with the SHA-256 of the files {@code digests} names. */
    public List<FileResult> scanPaths(List<Path> roots, int threads, Digests digests) {
        List<Walk.Item> items = new ArrayList<>();
        for (Path root : roots) items.addAll(Walk.of(root));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "aiprov-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<FileResult>>> futures = new ArrayList<>();
            Sidecars sidecars = new Sidecars();
            for (Walk.Item it : items) {
                futures.add(it.result() != null ? CompletableFuture.completedFuture(List.of(it.result()))
                        : pool.submit(() -> {
                            SIDECARS.set(sidecars);
                            try {
                                return scanFile(it.file(), it.display(), digests);
                            } finally {
                                SIDECARS.remove();
                            }
                        }));
            }
            List<FileResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.addAll(futures.get(i).get());
                } catch (Exception e) {
                    out.add(unjudged(items.get(i).display(), "scan failed: " + e));
                }
            }
            out.replaceAll(sidecars::judge);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The scan a worker thread is part of, so a model can name the external-data files it reads. */
    static final ThreadLocal<Sidecars> SIDECARS = new ThreadLocal<>();

    /**
     * External-data files named by ONNX models of one directory scan, with the byte extent each
     * model reads from them. A sidecar no detector recognised is raw tensor bytes: judged as such
     * ({@code onnx-external-data}), with a finding when it is shorter than the model needs.
     */
    static final class Sidecars {
        private final java.util.Map<String, Long> extents = new java.util.concurrent.ConcurrentHashMap<>();

        void add(String modelPath, String location, long end) {
            try {
                Path p = Path.of(modelPath).resolveSibling(location).normalize();
                extents.merge(p.toString(), end, Math::max);
            } catch (RuntimeException e) {
                // an unusable location is reported by the ONNX detector itself
            }
        }

        FileResult judge(FileResult r) {
            if (extents.isEmpty() || !"unsupported format".equals(r.error())) return r;
            Long need = extents.get(Path.of(r.path()).normalize().toString());
            if (need == null) return r;
            List<Finding> findings = new ArrayList<>();
            long size = -1;
            try {
                size = Files.size(Path.of(r.path()));
            } catch (IOException | RuntimeException e) {
                return r;
            }
            if (size < need) {
                findings.add(Finding.of(Rule.ONNX_EXTERNAL_DATA_TRUNCATED, "external tensor data file has "
                        + size + " bytes; the model reads up to byte " + need, Location.at(size), ""));
            }
            return new FileResult(r.path(), "onnx-external-data", r.sha256(), r.bytesRead(), findings, null);
        }
    }

    List<FileResult> scanNested(String path, ByteSource source, int depth, long deadline, AtomicLong expanded) {
        List<Finding> findings = new ArrayList<>();
        List<FileResult> members = new ArrayList<>();
        ScanContext ctx = new ScanContext(this, path, "", depth, deadline, expanded, findings, members);
        long before = source.bytesRead();
        String error = dispatch(ctx, source, path, null);
        String format = ctx.formats().isEmpty() ? "unknown" : ctx.formats().get(0);
        List<FileResult> out = new ArrayList<>();
        out.add(new FileResult(path, format, null, source.bytesRead() - before, findings, error));
        out.addAll(members);
        return out;
    }

    /** Runs every accepting detector (or the named one) on {@code source}; returns the first error. */
    String dispatch(ScanContext ctx, ByteSource source, String name, String detectorId) {
        Probe probe;
        try {
            probe = probe(name, source);
        } catch (IOException e) {
            ctx.report(Rule.SCAN_IO_ERROR, "read failed: " + e.getMessage(), null, "");
            return "read failed: " + e.getMessage();
        }
        if (probe.size() == 0 && detectorId == null) {
            ctx.format("empty"); // nothing a loader could run: judged, no findings
            return null;
        }
        String error = null;
        boolean any = false;
        for (Detector d : detectors) {
            boolean wanted = detectorId != null ? d.id().equals(detectorId) : safeAccepts(d, probe);
            if (!wanted) continue;
            any = true;
            ctx.addFormat(d.id());
            String e = d instanceof AbstractDetector ad ? ad.run(ctx, source) : runPlain(d, ctx, source);
            if (error == null) error = e;
        }
        if (!any) {
            ctx.report(Rule.UNSUPPORTED_FORMAT, "format not recognised; content was not judged",
                    Location.at(0), hexHead(probe.head()));
            return "unsupported format";
        }
        return error;
    }

    private static boolean safeAccepts(Detector d, Probe p) {
        try {
            return d.accepts(p);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String runPlain(Detector d, ScanContext ctx, ByteSource source) {
        try {
            d.scan(ctx, source);
            return null;
        } catch (Exception e) {
            ctx.report(Rule.SCAN_CRASH, d.id() + " failed: " + e, null, "");
            return d.id() + " failed: " + e.getMessage();
        }
    }

    static Probe probe(String name, ByteSource source) throws IOException {
        long size = source.size();
        byte[] head = source.readFully(0, (int) Math.min(Probe.HEAD_BYTES, size));
        long tailStart = Math.max(head.length, size - Probe.TAIL_BYTES);
        byte[] tail = size > head.length ? source.readFully(tailStart, (int) (size - tailStart)) : head;
        return new Probe(name, size, head, tail);
    }

    private static String hexHead(byte[] head) {
        return Redaction.hexHead(head, 16);
    }

    static FileResult unjudged(String path, String why) {
        why = Redaction.redact(why);
        Finding f = Finding.of(Rule.SCAN_ERROR, why, null, "");
        return new FileResult(path, "unknown", null, 0, List.of(f), why);
    }

    /** Files up to this size are read once into memory, hashed and scanned from there. */
    static final int SMALL_FILE = 1 << 20;

    static String sha256(byte[] data) {
        return Sha256.hex(data);
    }

    /** Hex SHA-256 of a file's content (see {@link Sha256#hex(Path)}). */
    public static String sha256(Path file) throws IOException {
        return Sha256.hex(file);
    }
}
