package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.SarifReport;
import dev.aiprov.cli.render.ScanJson;
import dev.aiprov.cli.render.ScanText;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--fail-on", defaultValue = "high",
            description = "Exit 1 when a finding is at or above this severity: critical, high, medium, low, none (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Option(names = "--threads", paramLabel = "N", description = "Files scanned in parallel (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    EventOptions events;

    @Override
    public Integer call() throws IOException {
        if (threads < 1) throw UserException.usage("--threads must be at least 1");
        List<FileResult> results = scanner(System.getenv()).scanPaths(paths, threads);
        String report = switch (format) {
            case json -> Json.pretty(ScanJson.of(results));
            case sarif -> Json.pretty(SarifReport.of(results, VersionProvider.version()));
            case text -> ScanText.render(results);
        };
        if (output != null) {
            Files.writeString(output, report + (report.endsWith("\n") ? "" : "\n"), StandardCharsets.UTF_8);
        } else {
            spec.commandLine().getOut().print(report);
            if (!report.endsWith("\n")) spec.commandLine().getOut().println();
            spec.commandLine().getOut().flush();
        }
        dev.aiprov.crawler.events.ScanEvents.emit(events.open(spec, System.getenv()), results);
        return exitCode(results, failOn);
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
        try {
            return Scanner.withDefaults().withSecretHashKey(
                    dev.aiprov.crawler.scan.SecretHashKey.loadOrCreate(GraphOptions.home(env)));
        } catch (IOException e) {
            throw new UserException("cannot read or create the secret hash key under " + GraphOptions.home(env) + ": "
                    + e.getMessage(), ExitCodes.FAILURE);
        }
    }
}
