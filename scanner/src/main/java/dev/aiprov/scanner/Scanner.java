package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.io.FileSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

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

    public Scanner(Limits limits, List<Detector> detectors) {
        this.limits = limits;
        this.detectors = detectors.stream().sorted(Comparator.comparingInt(Detector::priority).reversed()).toList();
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
        if (sha256 != null && !out.isEmpty()) {
            FileResult top = out.get(0);
            out.set(0, new FileResult(top.path(), top.format(), sha256, top.bytesRead(), top.findings(), top.error()));
        }
        return out;
    }

    /** Scans a local file, computing its SHA-256 with a separate streaming pass. */
    public List<FileResult> scanFile(Path file, String displayPath) {
        try {
            long size = Files.size(file);
            if (size <= SMALL_FILE && size <= limits.maxFileBytes()) {
                // most files of a tree are small: one read serves both the hash and the detectors
                byte[] data = Files.readAllBytes(file);
                if (data.length <= SMALL_FILE) return scan(displayPath, new ByteArraySource(data), sha256(data));
            }
        } catch (IOException | RuntimeException e) {
            return List.of(unjudged(displayPath, "cannot read: " + e.getMessage()));
        }
        try (FileSource src = new FileSource(file)) {
            if (src.size() > limits.maxFileBytes()) {
                return List.of(unjudged(displayPath, "file of " + src.size() + " bytes exceeds the size limit"));
            }
            return scan(displayPath, src, sha256(file));
        } catch (IOException | RuntimeException e) {
            return List.of(unjudged(displayPath, "cannot read: " + e.getMessage()));
        }
    }

    /**
     * Scans files and directories (walked recursively, symlinks not followed) on {@code threads}
     * threads. Results are in path order.
     */
    public List<FileResult> scanPaths(List<Path> roots, int threads) {
        List<String[]> files = new ArrayList<>();
        List<FileResult> missing = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).sorted()
                            .forEach(p -> files.add(new String[]{p.toString(), p.toString()}));
                } catch (IOException | RuntimeException e) {
                    missing.add(unjudged(root.toString(), "cannot walk directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(root)) {
                files.add(new String[]{root.toString(), root.toString()});
            } else {
                missing.add(unjudged(root.toString(), "no such file or directory"));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "aiprov-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<FileResult>>> futures = new ArrayList<>();
            for (String[] f : files) futures.add(pool.submit(() -> scanFile(Path.of(f[0]), f[1])));
            List<FileResult> out = new ArrayList<>(missing);
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.addAll(futures.get(i).get());
                } catch (Exception e) {
                    out.add(unjudged(files.get(i)[1], "scan failed: " + e));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
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
            ctx.report("SCAN_IO_ERROR", Severity.MEDIUM, "read failed: " + e.getMessage(), null, "");
            return "read failed: " + e.getMessage();
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
            ctx.report("UNSUPPORTED_FORMAT", Severity.LOW, "format not recognised; content was not judged",
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
            ctx.report("SCAN_CRASH", Severity.MEDIUM, d.id() + " failed: " + e, null, "");
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
        return HexFormat.of().formatHex(head, 0, Math.min(16, head.length));
    }

    static FileResult unjudged(String path, String why) {
        Finding f = Finding.of("SCAN_ERROR", Severity.MEDIUM, why, null, "");
        return new FileResult(path, "unknown", null, 0, List.of(f), why);
    }

    /** Files up to this size are read once into memory, hashed and scanned from there. */
    static final int SMALL_FILE = 1 << 20;

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
