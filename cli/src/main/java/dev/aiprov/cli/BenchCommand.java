package dev.aiprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code aiprov bench WHAT}: benchmarks that print the figures recorded in docs/benchmarks.md. They live in
 * {@code aiprov-dev.jar} (module {@code bench}), loaded through {@link DevTools} when it lies beside aiprov.jar.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures: graph (write rate, start time), queries (lineage and "
                + "exposure latency on a synthetic Hub of --models models), scanner (model files), formats "
                + "(safetensors/GGUF headers), secrets (text MB/s), crawl (requests per repo), crawlscan (end-to-end scan "
                + "cost over --models repos with 2 GiB checkpoints, capped at 1000).")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--models", defaultValue = "100000", description = "Models for the graph benchmark (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--batch", defaultValue = "5000", description = "Rows per write transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory (default: a new temporary directory, removed after).")
    Path workDir;

    enum Target { graph, queries, scanner, formats, secrets, crawl, crawlscan }

    @Override
    public Integer call() throws Exception {
        if (models < 1 || batch < 1) throw UserException.usage("--models and --batch must be positive");
        DevTools tools = DevTools.find().orElseThrow(() -> UserException.usage("aiprov bench " + DevTools.MISSING));
        boolean temp = workDir == null;
        Path dir = temp ? Files.createTempDirectory("aiprov-bench") : Files.createDirectories(workDir);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            tools.bench(target.name(), out, dir, models, batch);
        } finally {
            if (temp) deleteTree(dir);
        }
        return ExitCodes.OK;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (Exception ignored) {
            // scratch space; nothing to report
        }
    }
}
