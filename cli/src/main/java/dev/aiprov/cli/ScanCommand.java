package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.SarifReport;
import dev.aiprov.cli.render.ScanJson;
import dev.aiprov.cli.render.ScanText;
import dev.aiprov.events.LocalScan;
import dev.aiprov.scanner.Allowlist;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.SecretHashKey;
import dev.aiprov.scanner.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code aiprov scan PATH…}: static scan of model files and text artifacts; nothing is executed. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan model files, archives and text artifacts for malicious payloads, leaked "
                + "credentials and remote-code risks, without loading or executing anything. Directories are walked.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on, every file judged",
                "1:a finding at or above --fail-on",
                "2:a file could not be judged (unreadable, unsupported, time or size limit), or wrong arguments"})
public final class ScanCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    enum FailOn { critical, high, medium, low, none }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to scan.")
    List<Path> paths;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text, json or sarif (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--fail-on", defaultValue = "high",
            description = "Exit 1 when a finding is at or above this severity: critical, high, medium, low, none (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Option(names = "--threads", paramLabel = "N", description = "Files scanned in parallel (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allowlist", paramLabel = "FILE",
            description = "Accepted findings (any rule; see docs/secrets.md). Default: " + Allowlist.FILE_NAME
                    + " in the scanned directory and at the repository root.")
    Path allowlistFile;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    EventOptions events;

    @Override
    public Integer call() {
        // every option is checked before the first file is read
        if (threads < 1) throw UserException.usage("--threads must be at least 1");
        checkOutput(output);
        Map<String, String> env = System.getenv();
        if (paths.size() >= RELAUNCH_FROM || paths.stream().anyMatch(Files::isDirectory)) {
            Integer rc = Cds.relaunchScan(env);   // plain `java -jar`: re-run with the scan's JIT flags and archive
            if (rc != null) return rc;
        }
        LocalScan.Outcome outcome;
        try {
            // the text report names only the files with something to say: a clean file's digest would go nowhere
            Scanner.Digests digests = format == Format.text ? Scanner.Digests.FLAGGED_FILES : Scanner.Digests.EVERY_FILE;
            outcome = LocalScan.run(new LocalScan.Request(paths, threads, allowlistFile, GraphOptions.home(env), digests),
                    () -> events.open(spec, env), this::report);
        } catch (LocalScan.SetupException e) {
            throw e.kind() == LocalScan.SetupException.Cause.KEY ? new UserException(e.getMessage(), ExitCodes.FAILURE)
                    : UserException.usage(e.getMessage());
        }
        if (outcome.results().size() >= RATE_FROM) {   // a large scan says how fast it went, on stderr (stdout is the report)
            spec.commandLine().getErr().println(rateLine(outcome.results().size(), outcome.seconds()));
            spec.commandLine().getErr().flush();
        }
        return exitCode(outcome.results(), failOn);
    }

    private void report(LocalScan.Outcome outcome) {
        List<FileResult> results = outcome.results();
        long accepted = outcome.accepted();
        if (accepted > 0) {
            spec.commandLine().getErr().println("aiprov: " + accepted + (accepted == 1 ? " finding" : " findings")
                    + " accepted by the allowlist");
            spec.commandLine().getErr().flush();
        }
        String report = switch (format) {
            case json -> Json.pretty(ScanJson.of(results));
            case sarif -> Json.pretty(SarifReport.of(results, VersionProvider.version()));
            case text -> ScanText.render(results);
        };
        if (output != null) {
            try {
                Files.writeString(output, report + (report.endsWith("\n") ? "" : "\n"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot write " + output + ": " + reason(e), ExitCodes.FAILURE);
            }
        } else {
            spec.commandLine().getOut().print(report);
            if (!report.endsWith("\n")) spec.commandLine().getOut().println();
            spec.commandLine().getOut().flush();
        }
    }

    /** A report path whose directory is missing, or that is a directory, is a usage error before the scan. */
    static void checkOutput(Path output) {
        if (output == null) return;
        Path abs = output.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) throw UserException.usage("cannot write the report to " + output + ": it is a directory");
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw UserException.usage("cannot write the report to " + output + ": no such directory " + parent);
        }
        if (!Files.isWritable(parent) || (Files.exists(abs) && !Files.isWritable(abs))) {
            throw UserException.usage("cannot write the report to " + output + ": permission denied");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** From this many paths named (or any directory), a `java -jar` scan re-runs itself as bin/aiprov would ({@link Cds#relaunchScan}). */
    static final int RELAUNCH_FROM = 20;

    /** From this many files on, a scan prints its rate. */
    static final int RATE_FROM = 1000;

    static String rateLine(int files, double seconds) {
        return String.format(java.util.Locale.ROOT, "aiprov: scanned %d files in %.1f s (%.0f files/s)",
                files, seconds, files / Math.max(seconds, 1e-3));
    }

    static int exitCode(List<FileResult> results, FailOn failOn) {
        if (failOn != FailOn.none) {
            Severity threshold = Severity.parse(failOn.name());
            for (FileResult r : results) {
                for (Finding f : r.findings()) if (f.severity().atLeast(threshold)) return ExitCodes.FINDINGS;
            }
        }
        for (FileResult r : results) if (!r.judged()) return ExitCodes.USAGE;
        return ExitCodes.OK;
    }

    /** The default scanner keyed with this installation's secret-hash key ($AIPROV_HOME/secret-hash.key). */
    static Scanner scanner(java.util.Map<String, String> env) {
        return Scanner.withDefaults().withSecretHashKey(secretKey(env));
    }

    /** The installation's key for the keyed hashes of leaked values (created 0600 on first use). */
    static byte[] secretKey(java.util.Map<String, String> env) {
        try {
            return SecretHashKey.loadOrCreate(GraphOptions.home(env));
        } catch (IOException e) {
            throw new UserException("cannot read or create the secret hash key under " + GraphOptions.home(env) + ": "
                    + e.getMessage(), ExitCodes.FAILURE);
        }
    }
}
