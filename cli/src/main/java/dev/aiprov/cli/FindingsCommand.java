package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.cli.render.SarifReport;
import dev.aiprov.graph.FindingQueries;
import dev.aiprov.graph.Graph;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.SecretRef;
import dev.aiprov.scanner.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code aiprov findings}: what the graph holds from scans of crawled repos. */
@Command(name = "findings", mixinStandardHelpOptions = true,
        description = "List findings on crawled repos' files, and files that could not be judged.")
public final class FindingsCommand extends GraphCommand {
    enum Format { text, json, sarif }

    @Option(names = "--severity", defaultValue = "info", paramLabel = "S",
            description = "Minimum severity: critical, high, medium, low, info (default: ${DEFAULT-VALUE}).")
    String severity;

    @Option(names = "--repo", paramLabel = "ID", description = "Only this repo (org/name, or model:org/name).")
    String repo;

    @Option(names = "--limit", defaultValue = "10000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text, json or sarif (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    protected int run(Graph graph) {
        try {
            Severity.parse(severity);
        } catch (IllegalArgumentException e) {
            throw UserException.usage("--severity must be critical, high, medium, low or info");
        }
        FindingQueries q = new FindingQueries(graph);
        List<FindingQueries.Row> rows = q.findings(severity, repo, limit);
        List<FindingQueries.Unjudged> unjudged = q.unjudged(repo, limit);
        switch (format) {
            case json -> out().print(JsonDocuments.findings(rows, unjudged));
            case sarif -> out().println(Json.pretty(SarifReport.of(asResults(rows), VersionProvider.version())));
            case text -> {
                for (FindingQueries.Row r : rows) {
                    out().printf("%-8s %s  %s@%s %s%s%n           %s%s%n", r.severity().toUpperCase(), r.rule(), r.repo(),
                            r.revision() == null ? "?" : r.revision().substring(0, Math.min(12, r.revision().length())),
                            r.path(), r.line() != null ? ":" + r.line() : "", r.message(),
                            r.secretRedacted() != null ? "  [" + r.secretType() + " " + r.secretRedacted() + "]"
                                    : r.evidence() == null || r.evidence().isEmpty() ? "" : "  [" + r.evidence() + "]");
                }
                for (FindingQueries.Unjudged u : unjudged) {
                    out().printf("NOT JUDGED %s@%s %s: %s%n", u.repo(),
                            u.revision().substring(0, Math.min(12, u.revision().length())), u.path(), u.why());
                }
                out().println(dev.aiprov.cli.render.Plural.of(rows.size(), "finding") + ", "
                        + dev.aiprov.cli.render.Plural.of(unjudged.size(), "file") + " not judged");
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** Findings as scan results keyed by a {@code repo@revision/path} pseudo-path, for SARIF. */
    static List<FileResult> asResults(List<FindingQueries.Row> rows) {
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        for (FindingQueries.Row r : rows) {
            String path = r.repo().replace(':', '/') + "/" + r.path();
            SecretRef secret = r.secretSha256() == null ? null : new SecretRef(r.secretType(), r.secretRedacted(), r.secretSha256());
            byFile.computeIfAbsent(path, k -> new ArrayList<>()).add(new Finding(r.rule(), Severity.parse(r.severity()),
                    r.message(), new Location("", -1, r.line() == null ? 0 : r.line()), r.evidence(), secret));
        }
        List<FileResult> out = new ArrayList<>();
        byFile.forEach((path, fs) -> out.add(new FileResult(path, "unknown", null, 0, fs, null)));
        return out;
    }
}
