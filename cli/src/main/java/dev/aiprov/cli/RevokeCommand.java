package dev.aiprov.cli;

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
        ApprovalStore.Fact f;
        try (var log = events.open(spec, env())) {   // opened first: a revocation is never written without its event
            f = new ApprovalStore(graph).record(ApprovalStore.Action.REVOKE, artifact.type(), artifact.repo(),
                    artifact.revision(), who, why, null, Instant.now());
            log.emit(dev.aiprov.events.Ocsf.approval(f.at(), f.id(), "revoke", f.artifact(), f.revision(), f.by(),
                    f.reason(), f.expires()));
        }
        out().println("revoked " + artifact + " by " + f.by() + " (fact " + f.id() + ")");
        out().flush();
        return ExitCodes.OK;
    }
}
