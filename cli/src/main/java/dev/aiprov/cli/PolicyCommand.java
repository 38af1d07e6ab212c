package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.PolicyReport;
import dev.aiprov.inventory.ManifestException;
import dev.aiprov.inventory.Policy;
import dev.aiprov.inventory.PolicyEvaluator;
import dev.aiprov.inventory.PolicyService;
import dev.aiprov.inventory.UnknownDeploymentException;
import dev.aiprov.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;

/** {@code aiprov policy check}: the deployment gate. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Check deployments against the supply-chain policy.",
        subcommands = {PolicyCommand.Check.class})
public final class PolicyCommand extends GroupCommand {

    enum Format { text, json, sarif }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Exit 1 when a deployment uses anything that breaks the policy: not approved for the revision "
                    + "in use, not pinned, never scanned or scanned by an older scanner, a finding at or above the "
                    + "threshold anywhere in its lineage, requires trust_remote_code, licence outside the allowlist, "
                    + "unavailable upstream, a leaked secret. Each rule can be switched in --policy FILE.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every use complies", "1:at least one violation",
                    "2:bad arguments or policy file, unknown deployment", "3:graph failure"})
    static final class Check extends GraphCommand {
        @Option(names = "--deployment", paramLabel = "NAME", description = "Only this deployment (default: all).")
        String deployment;

        @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML; see docs/inventory.md). Default: every rule on except licences, threshold high.")
        Path policyFile;

        @Mixin
        final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
                "text, json or sarif (default: ${DEFAULT-VALUE}).", f -> format = f);
        Format format;

        @Mixin
        EventOptions events;

        @Override
        protected int run(Graph graph) {
            Policy policy;
            try {
                policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
            } catch (ManifestException e) {
                for (int i = 1; i < e.problems().size(); i++) err().println(e.problems().get(i));
                throw UserException.usage(e.problems().get(0));
            }
            PolicyEvaluator.Report report;
            try {
                report = new PolicyService(graph).check(policy, deployment, Instant.now(), () -> events.open(spec, env()));
            } catch (UnknownDeploymentException e) {
                throw UserException.usage(e.getMessage());
            }
            switch (format) {
                case json -> out().println(Json.pretty(PolicyReport.json(report)));
                case sarif -> out().println(Json.pretty(PolicyReport.sarif(report, VersionProvider.version())));
                case text -> out().print(PolicyReport.text(report));
            }
            out().flush();
            return report.passed() ? ExitCodes.OK : ExitCodes.FINDINGS;
        }
    }
}
