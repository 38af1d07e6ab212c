package dev.aiprov.cli;

import dev.aiprov.cli.render.ExposureMarkdown;
import dev.aiprov.cli.render.ExposureStream;
import dev.aiprov.cli.render.ExposureText;
import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.lineage.ArtifactRef;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.ExposureQueries;
import dev.aiprov.graph.lineage.LineageQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    enum Format { text, json, markdown, ndjson }

    @Parameters(index = "0", paramLabel = "ARTIFACT", converter = Artifact.class, description = "What is compromised (see above).")
    ArtifactRef artifact;

    @Option(names = "--since", paramLabel = "DATE", converter = Since.class,
            description = "Only revisions created at or after DATE (YYYY-MM-DD or ISO date-time).")
    OffsetDateTime since;

    @Option(names = "--until", paramLabel = "DATE", converter = Until.class,
            description = "Only revisions created before the end of DATE (YYYY-MM-DD) or before an ISO date-time.")
    OffsetDateTime until;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", converter = LineageCommand.Depth.class,
            description = "Hops to follow from the artifact, 1.." + LineageQueries.MAX_DEPTH + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text, json, markdown or ndjson (JSON lines written while the walk runs, nearest first) "
                    + "(default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    protected int run(Graph graph) {
        ArtifactRef ref = artifact;
        OffsetDateTime from = since;
        OffsetDateTime to = until;
        if (from != null && to != null && !from.isBefore(to)) throw UserException.usage("--since must be before --until");
        if (format == Format.ndjson) {
            ExposureStream stream = new ExposureStream(out());
            try {
                stream.done(new ExposureQueries(graph).exposure(ref, from, to, depth, stream));
            } catch (ExposureStream.Closed | dev.aiprov.graph.GraphException e) {
                // the reader left (a pipe into head): the walk stopped, and there is no one to tell
                if (e instanceof ExposureStream.Closed || e.getCause() instanceof ExposureStream.Closed) return ExitCodes.OK;
                throw e;
            }
            return ExitCodes.OK;
        }
        Exposure e = new ExposureQueries(graph).exposure(ref, from, to, depth);
        out().print(switch (format) {
            case text -> ExposureText.render(e);
            case json -> JsonDocuments.exposure(e);
            case markdown -> ExposureMarkdown.render(e);
            case ndjson -> throw new IllegalStateException("streamed above");
        });
        out().flush();
        return ExitCodes.OK;
    }

    /** The artifact argument, checked when the command line is parsed. */
    static final class Artifact implements picocli.CommandLine.ITypeConverter<ArtifactRef> {
        @Override
        public ArtifactRef convert(String value) {
            try {
                return ArtifactRef.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --since}: checked when the command line is parsed. */
    static final class Since implements picocli.CommandLine.ITypeConverter<OffsetDateTime> {
        @Override
        public OffsetDateTime convert(String value) {
            return date("--since", value, false);
        }
    }

    /** {@code --until}: the end of a day given as YYYY-MM-DD. */
    static final class Until implements picocli.CommandLine.ITypeConverter<OffsetDateTime> {
        @Override
        public OffsetDateTime convert(String value) {
            return date("--until", value, true);
        }
    }

    private static OffsetDateTime date(String option, String value, boolean end) {
        try {
            return parseDate(option, value, end);
        } catch (UserException e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage());
        }
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
