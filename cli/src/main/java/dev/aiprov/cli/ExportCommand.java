package dev.aiprov.cli;

import dev.aiprov.cli.render.CycloneDxBom;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.lineage.BomQueries;
import dev.aiprov.graph.lineage.DeploymentBom;
import dev.aiprov.graph.lineage.LineageQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

/** {@code aiprov export cyclonedx --deployment NAME}: a CycloneDX 1.6 ML-BOM of a deployment. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export what a deployment is made of as a CycloneDX 1.6 ML-BOM (models, datasets, lineage, "
                + "file hashes, findings as vulnerabilities).")
public final class ExportCommand extends GraphCommand {
    enum Standard { cyclonedx }

    @Parameters(index = "0", paramLabel = "FORMAT", description = "cyclonedx.")
    Standard standard;

    @Option(names = "--deployment", required = true, paramLabel = "NAME", description = "The deployment to export.")
    String deployment;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the document to FILE instead of stdout.")
    Path output;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", description = "Ancestor hops to include (default: ${DEFAULT-VALUE}).")
    int depth;

    @Override
    protected int run(Graph graph) {
        if (depth < 1 || depth > LineageQueries.MAX_DEPTH) throw UserException.usage("--depth must be between 1 and " + LineageQueries.MAX_DEPTH);
        DeploymentBom bom = new BomQueries(graph).deployment(deployment, depth)
                .orElseThrow(() -> UserException.usage("unknown deployment: " + deployment + " is not in the graph"));
        String json = CycloneDxBom.json(bom, new Date());
        if (output == null) {
            out().println(json);
            out().flush();
        } else {
            try {
                Files.writeString(output, json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot write " + output + ": " + e.getMessage(), ExitCodes.FAILURE);
            }
            err().println("wrote " + output + " (" + bom.components().size() + " components)");
            err().flush();
        }
        return ExitCodes.OK;
    }
}
