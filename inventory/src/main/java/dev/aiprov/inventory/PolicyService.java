package dev.aiprov.inventory;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.Ocsf;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.PolicyQueries;
import dev.aiprov.scanner.Scanner;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** {@code aiprov policy check}: the facts of each use from the graph, judged by {@link PolicyEvaluator}, and the decisions as events. */
public final class PolicyService {
    private final Graph graph;

    public PolicyService(Graph graph) {
        this.graph = graph;
    }

    /** The report for {@code deployment} (null: all) under {@code policy}; no events (the web page's {@code /api/policy}). */
    public PolicyEvaluator.Report evaluate(Policy policy, String deployment, Instant now) {
        List<PolicyQueries.UseFacts> facts = new PolicyQueries(graph).facts(deployment,
                PolicyEvaluator.severitiesAtOrAbove(policy.findingThreshold()));
        return new PolicyEvaluator(policy, now, Scanner.VERSION).evaluate(facts);
    }

    /**
     * The deployment gate: evaluates, then emits one event per violation and one for the decision.
     *
     * @throws UnknownDeploymentException when {@code deployment} is given and not in the graph
     */
    public PolicyEvaluator.Report check(Policy policy, String deployment, Instant now, Supplier<EventLog> events) {
        if (deployment != null && !new InventoryStore(graph).deploymentNames().contains(deployment)) {
            throw new UnknownDeploymentException(deployment);
        }
        PolicyEvaluator.Report report = evaluate(policy, deployment, now);
        try (EventLog log = events.get()) {
            for (PolicyEvaluator.Violation v : report.violations()) {
                log.emit(Ocsf.policyDecision(now, false, v.rule().name(), v.deployment(), v.artifact(), v.revision(),
                        v.message()));
            }
            log.emit(Ocsf.policyDecision(now, report.passed(), null, deployment, null, null,
                    "policy check " + (report.passed() ? "passed" : "failed") + ": "
                            + Ocsf.count(report.violations().size(), "violation") + " in " + Ocsf.count(report.checked(), "use")
                            + " of " + Ocsf.count(report.deployments(), "deployment")));
        }
        return report;
    }
}
