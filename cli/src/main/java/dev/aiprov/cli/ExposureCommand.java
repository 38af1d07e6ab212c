package dev.aiprov.cli;

import dev.aiprov.cli.render.ExposureMarkdown;
import dev.aiprov.cli.render.ExposureText;
import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.lineage.ArtifactRef;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.ExposureQueries;
import dev.aiprov.graph.lineage.LineageQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code aiprov exposure ARTIFACT}: which deployments a compromised artifact reaches, and why. */
@Command(name = "exposure", mixinStandardHelpOptions = true,
        description = {"A compromised artifact was announced: every affected deployment and public Space, each with "
                + "the shortest path that explains it, whether its use is pinned, and its owner.",
                "ARTIFACT: model:ID, model:ID@REVISION, dataset:ID, space:ID, author:NAME, file:SHA256, secret:SHA256, rule:RULE_ID."})
public final class ExposureCommand extends GraphCommand {
    enum Format { text, json, markdown }

    @Parameters(index = "0", paramLabel = "ARTIFACT", description = "What is compromised (see above).")
    String artifact;

    @Option(names = "--since", paramLabel = "DATE", description = "Only revisions created at or after DATE (YYYY-MM-DD or ISO date-time).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Only revisions created before the end of DATE (YYYY-MM-DD) or before an ISO date-time.")
    String until;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", description = "Hops to follow from the artifact (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--format", defaultValue = "text", description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    protected int run(Graph graph) {
        ArtifactRef ref;
        try {
            ref = ArtifactRef.parse(artifact);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        if (depth < 1 || depth > LineageQueries.MAX_DEPTH) throw UserException.usage("--depth must be between 1 and " + LineageQueries.MAX_DEPTH);
        OffsetDateTime from = parseDate("--since", since, false);
        OffsetDateTime to = parseDate("--until", until, true);
        if (from != null && to != null && !from.isBefore(to)) throw UserException.usage("--since must be before --until");
        Exposure e = new ExposureQueries(graph).exposure(ref, from, to, depth);
        out().print(switch (format) {
            case text -> ExposureText.render(e);
            case json -> JsonDocuments.exposure(e);
            case markdown -> ExposureMarkdown.render(e);
        });
        out().flush();
        return ExitCodes.OK;
    }

    /** YYYY-MM-DD (start of day UTC; for an end, the start of the next day) or an ISO-8601 date-time. */
    public static OffsetDateTime parseDate(String option, String text, boolean end) {
        if (text == null) return null;
        try {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (end ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw UserException.usage(option + " must be YYYY-MM-DD or an ISO-8601 date-time with offset, got " + text);
        }
    }
}
