package dev.aiprov.cli;

import dev.aiprov.inventory.ApprovalService;
import dev.aiprov.inventory.ArtifactSpec;
import dev.aiprov.graph.ApprovalStore;
import dev.aiprov.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/** {@code aiprov revoke model:ID@REVISION --by NAME --reason TEXT}: a new fact; earlier approvals stay on record. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke the approval of an artifact at one revision. Recorded as a new fact; nothing is deleted.")
public final class RevokeCommand extends GraphCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT@REVISION", converter = ApproveCommand.SpecConverter.class,
            description = "e.g. model:org/name@0123…(40 hex)")
    ArtifactSpec artifact;

    @Option(names = "--by", required = true, paramLabel = "NAME", converter = ApproveCommand.Text.class, description = "Who revokes.")
    String by;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", converter = ApproveCommand.Text.class, description = "Why.")
    String reason;

    @picocli.CommandLine.Mixin
    EventOptions events;

    @Override
    protected int run(Graph graph) {
        String who = ApproveCommand.checkText("--by", by);
        String why = ApproveCommand.checkText("--reason", reason);
        ApprovalStore.Fact f = new ApprovalService(graph, () -> events.open(spec, env())).revoke(artifact, who, why, Instant.now());
        out().println("revoked " + artifact + " by " + f.by() + " (fact " + f.id() + ")");
        out().flush();
        return ExitCodes.OK;
    }
}
