package dev.aiprov.bench.scanner;

import dev.aiprov.scanner.bench.Corpus;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.FileSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Scanner throughput on a synthetic mixed corpus: a multi-GB sparse ZIP64 torch checkpoint, small
 * torch-style zips, raw pickles (a few malicious), and .npy arrays. Prints files/s, MB/s (logical
 * size) and bytes read per file; the big checkpoint must be judged from its directory and pickle.
 */
public final class ScannerBenchmark {
    static final long HUGE_TENSOR_BYTES = 3L << 30;

    private ScannerBenchmark() {
    }

    public static void run(PrintStream out, Path workDir) {
        try {
            Path corpus = workDir.resolve("aiprov-bench-corpus");
            Files.createDirectories(corpus);
            long t0 = System.nanoTime();
            Path huge = corpus.resolve("huge_checkpoint.pt");
            Corpus.sparseTorchZip(huge, Corpus.stateDictPickle(200, 1 << 20), HUGE_TENSOR_BYTES);
            int small = build(corpus);
            out.printf(Locale.ROOT, "corpus: 1 sparse ZIP64 checkpoint of %.2f GB + %d small files, built in %d ms%n",
                    Files.size(huge) / 1e9, small, (System.nanoTime() - t0) / 1_000_000);

            Scanner scanner = Scanner.withDefaults();
            List<Path> files0;
            try (var w = Files.list(corpus)) {
                files0 = w.sorted().toList();
            }
            scanAll(scanner, files0, 2); // warm-up (JIT)
            for (int threads : new int[]{1, 2}) {
                long start = System.nanoTime();
                List<FileResult> results = scanAll(scanner, files0, threads);
                double secs = (System.nanoTime() - start) / 1e9;
                long logical = 0, read = 0, flagged = 0, unjudged = 0;
                for (FileResult r : results) {
                    if (r.path().contains("!")) continue;
                    logical += Files.size(Path.of(r.path()));
                    read += r.bytesRead();
                    if (r.worst() != null && r.worst().atLeast(Severity.HIGH)) flagged++;
                    if (!r.judged()) unjudged++;
                }
                long files = results.stream().filter(r -> !r.path().contains("!")).count();
                out.printf(Locale.ROOT, "threads=%d: %d files in %.2f s = %.0f files/s, %.0f MB/s logical, %.0f bytes read"
                                + " per file, %d flagged high+, %d unjudged%n", threads, files, secs, files / secs,
                        logical / 1e6 / secs, (double) read / files, flagged, unjudged);
            }
            long one = System.nanoTime();
            FileResult big = scanOne(scanner, huge).get(0);
            out.printf(Locale.ROOT, "huge checkpoint: %.2f GB judged as %s by reading %d bytes in %.1f ms (worst %s)%n",
                    Files.size(huge) / 1e9, big.format(), big.bytesRead(), (System.nanoTime() - one) / 1e6, worst(big));
            Files.deleteIfExists(huge);
        } catch (IOException e) {
            out.println("benchmark failed: " + e);
        }
    }

    /** The worst severity of a result in words: {@code critical}, …, or {@code none} when it has no finding. */
    static String worst(FileResult r) {
        return r.worst() == null ? "none" : r.worst().label();
    }

    /** Scans without the SHA-256 pass of {@link Scanner#scanFile} (which reads every byte). */
    private static List<FileResult> scanAll(Scanner scanner, List<Path> files, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<FileResult>>> fs = new ArrayList<>();
            for (Path p : files) fs.add(pool.submit(() -> scanOne(scanner, p)));
            List<FileResult> out = new ArrayList<>();
            for (Future<List<FileResult>> f : fs) out.addAll(f.get());
            return out;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<FileResult> scanOne(Scanner scanner, Path p) throws IOException {
        try (FileSource src = new FileSource(p)) {
            return scanner.scan(p.toString(), src, null);
        }
    }

    private static int build(Path dir) throws IOException {
        int n = 0;
        for (int i = 0; i < 100; i++, n++) {
            Path p = dir.resolve("ckpt_" + i + ".pt");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
                z.setLevel(0);
                put(z, "archive/data.pkl", Corpus.stateDictPickle(20, 4096));
                put(z, "archive/version", "3\n".getBytes());
                put(z, "archive/data/0", new byte[64 << 10]);
            }
        }
        for (int i = 0; i < 300; i++, n++) {
            byte[] b = i % 50 == 0 ? Corpus.reducePickle("os", "system") : Corpus.stateDictPickle(30, 1024);
            Files.write(dir.resolve("weights_" + i + ".bin"), b);
        }
        for (int i = 0; i < 100; i++, n++) Files.write(dir.resolve("array_" + i + ".npy"), Corpus.npy(4096));
        return n;
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }
}
