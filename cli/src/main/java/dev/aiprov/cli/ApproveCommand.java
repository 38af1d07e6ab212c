package dev.aiprov.cli;

import dev.aiprov.inventory.ApprovalService;
import dev.aiprov.inventory.ArtifactSpec;
import dev.aiprov.inventory.ManifestParser;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;

/** {@code aiprov approve model:ID@REVISION --by NAME --reason TEXT [--expires DATE]}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve an artifact at one revision (model:, dataset: or space:ID@COMMIT). Approvals are "
                + "pinned: a new revision is not approved. Facts are never deleted; the latest one decides.")
public final class ApproveCommand extends GraphCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT@REVISION", converter = SpecConverter.class,
            description = "e.g. model:org/name@0123…(40 hex)")
    ArtifactSpec artifact;

    @Option(names = "--by", required = true, paramLabel = "NAME", converter = Text.class, description = "Who approves.")
    String by;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", converter = Text.class, description = "Why.")
    String reason;

    @Option(names = "--expires", paramLabel = "DATE", converter = DateConverter.class,
            description = "When the approval lapses: 2026-12-31 (00:00 UTC that day) or an ISO-8601 instant.")
    Instant expires;

    @picocli.CommandLine.Mixin
    EventOptions events;

    @Override
    protected int run(Graph graph) {
        Instant now = Instant.now();
        if (expires != null && !expires.isAfter(now)) throw UserException.usage("--expires " + expires + " is in the past");
        String who = checkText("--by", by);
        String why = checkText("--reason", reason);
        ApprovalStore.Fact f = new ApprovalService(graph, () -> events.open(spec, env())).approve(artifact, who, why, expires, now);
        out().println("approved " + artifact + " by " + f.by() + (expires == null ? "" : " until " + expires) + " (fact " + f.id() + ")");
        out().flush();
        return ExitCodes.OK;
    }

    static String checkText(String what, String s) {
        if (s.isBlank()) throw UserException.usage(what + " must not be empty");
        return s.strip();
    }

    /** Parses {@code type:org/name@sha}; a missing revision is refused before the graph opens. */
    public static final class SpecConverter implements ITypeConverter<ArtifactSpec> {
        @Override
        public ArtifactSpec convert(String value) {
            try {
                return ArtifactSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A non-blank text option ({@code --by}, {@code --reason}), stripped; refused before the graph opens. */
    public static final class Text implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) throw new TypeConversionException("must not be empty");
            return value.strip();
        }
    }

    public static final class DateConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            Instant t = ManifestParser.instant(value);
            if (t == null) throw new TypeConversionException("expected a date like 2026-12-31 or 2026-12-31T00:00:00Z, got '" + value + "'");
            return t;
        }
    }
}
