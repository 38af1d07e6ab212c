package dev.aiprov.cli;

import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.cli.render.LineageDiagram;
import dev.aiprov.cli.render.LineageText;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.lineage.LineageGraph;
import dev.aiprov.graph.lineage.LineageGraph.Direction;
import dev.aiprov.graph.lineage.LineageQueries;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aiprov lineage model:ID}: where a model comes from, and what is built on it. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = {"Where a model comes from: base models (finetune, adapter, quantized, merge), training "
                + "datasets, authors, revisions and worst findings at every level; with --down every descendant and "
                + "the Spaces and deployments that use them.",
                "Cycles and uncrawled (unresolved) ancestors are shown and marked."})
public final class LineageCommand extends GraphCommand {
    enum Format { text, json, mermaid, dot }

    @Parameters(index = "0", paramLabel = "MODEL", converter = ModelId.class,
            description = "model:ORG/NAME (the model: prefix may be omitted).")
    String model;

    @ArgGroup(exclusive = true)
    Directions directions;

    static final class Directions {
        @Option(names = "--up", description = "Ancestors and training data (the default).")
        boolean up;
        @Option(names = "--down", description = "Descendants, and the Spaces and deployments using them.")
        boolean down;
        @Option(names = "--both", description = "Both.")
        boolean both;
    }

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", converter = Depth.class, description = "Derivation hops to follow, 1.."
            + LineageQueries.MAX_DEPTH + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text, json, mermaid or dot (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    protected int run(Graph graph) {
        String id = model;
        Direction dir = directions == null ? Direction.UP : directions.both ? Direction.BOTH : directions.down ? Direction.DOWN : Direction.UP;
        LineageGraph g = new LineageQueries(graph).lineage(id, dir, depth)
                .orElseThrow(() -> UserException.usage("unknown model: model:" + id + " is not in the graph"));
        out().print(switch (format) {
            case text -> LineageText.render(g);
            case json -> JsonDocuments.lineage(g);
            case mermaid -> LineageDiagram.mermaid(g);
            case dot -> LineageDiagram.dot(g);
        });
        out().flush();
        return ExitCodes.OK;
    }

    /** {@code --depth}: 1..{@link LineageQueries#MAX_DEPTH}, checked when the command line is parsed. */
    static final class Depth implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int d;
            try {
                d = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 1 || d > LineageQueries.MAX_DEPTH) {
                throw new picocli.CommandLine.TypeConversionException("must be a whole number from 1 to " + LineageQueries.MAX_DEPTH
                        + ", got '" + value + "'");
            }
            return d;
        }
    }

    /** The model argument, checked when the command line is parsed. */
    static final class ModelId implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return modelId(value);
            } catch (UserException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The model id of {@code model:ID} or {@code ID}; a usage error for anything that cannot be one. */
    public static String modelId(String arg) {
        String id = arg.startsWith("model:") ? arg.substring("model:".length()) : arg;
        if (arg.matches("(?i)(dataset|space|author|file|secret|rule):.*")) {
            throw UserException.usage("lineage takes a model (model:ORG/NAME), got " + arg);
        }
        // ids only ever travel as query parameters; refuse what cannot be an id at all
        if (id.isBlank() || id.length() > 256 || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw UserException.usage("bad model id '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return id;
    }
}
