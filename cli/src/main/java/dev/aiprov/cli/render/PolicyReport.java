package dev.aiprov.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aiprov.inventory.PolicyEvaluator;
import dev.aiprov.inventory.PolicyRule;
import dev.aiprov.scanner.Sha256;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code policy check} output: JSON {@code {"violations":[…], "checked": N}}, SARIF 2.1.0 built with
 * the same records as {@link SarifReport} (one rule per policy rule; the location is the manifest and
 * line where the use is declared when known, else {@code aiprov://deployment/NAME}), and text.
 */
public final class PolicyReport {
    private PolicyReport() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Violation(String deployment, String artifact, String revision, String rule, String message, List<String> path) {
        static Violation of(PolicyEvaluator.Violation v) {
            return new Violation(v.deployment(), v.artifact(), v.revision(), v.rule().name(), v.message(), v.path());
        }
    }

    public record JsonReport(List<Violation> violations, int checked, int deployments) {
    }

    public static JsonReport json(PolicyEvaluator.Report r) {
        return new JsonReport(r.violations().stream().map(Violation::of).toList(), r.checked(), r.deployments());
    }

    public static String text(PolicyEvaluator.Report r) {
        StringBuilder sb = new StringBuilder();
        for (PolicyEvaluator.Violation v : r.violations()) {
            sb.append(v.deployment()).append(": ").append(v.rule().name()).append(": ").append(v.message()).append('\n');
        }
        if (r.passed()) {
            sb.append("policy passed: ").append(r.checked()).append(r.checked() == 1 ? " use" : " uses").append(" in ")
                    .append(r.deployments()).append(r.deployments() == 1 ? " deployment" : " deployments").append(" checked\n");
        } else {
            sb.append("policy failed: ").append(r.violations().size()).append(r.violations().size() == 1 ? " violation" : " violations")
                    .append(" (").append(r.checked()).append(r.checked() == 1 ? " use" : " uses").append(" in ")
                    .append(r.deployments()).append(r.deployments() == 1 ? " deployment" : " deployments").append(" checked)\n");
        }
        return sb.toString();
    }

    public static SarifReport sarif(PolicyEvaluator.Report r, String toolVersion) {
        Map<PolicyRule, Integer> index = new LinkedHashMap<>();
        List<SarifReport.Rule> rules = new ArrayList<>();
        List<SarifReport.Result> results = new ArrayList<>();
        for (PolicyEvaluator.Violation v : r.violations()) {
            Integer idx = index.get(v.rule());
            if (idx == null) {
                idx = rules.size();
                index.put(v.rule(), idx);
                rules.add(new SarifReport.Rule(v.rule().name(), v.rule().name(), new SarifReport.Text(v.rule().description()),
                        new SarifReport.Configuration("error"),
                        Map.of("security-severity", "8.0", "tags", List.of("security", "supply-chain", "policy"))));
            }
            String uri = v.manifest() != null ? SarifReport.uri(v.manifest()) : "aiprov://deployment/" + v.deployment();
            SarifReport.Region region = new SarifReport.Region(v.line() == null ? 1 : Math.max(1, v.line()), null);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("deployment", v.deployment());
            props.put("artifact", v.artifact());
            if (v.revision() != null) props.put("revision", v.revision());
            props.put("path", v.path());
            results.add(new SarifReport.Result(v.rule().name(), idx, "error",
                    new SarifReport.Text(v.deployment() + ": " + v.message()),
                    List.of(new SarifReport.SarifLocation(new SarifReport.PhysicalLocation(new SarifReport.ArtifactLocation(uri), region))),
                    Map.of("aiprovPolicy/v1", fingerprint(v)), props));
        }
        SarifReport.Driver driver = new SarifReport.Driver("aiprov", toolVersion, "https://github.com/aiprov/aiprov", rules);
        return new SarifReport(SarifReport.SCHEMA, "2.1.0", List.of(new SarifReport.Run(new SarifReport.Tool(driver), results)));
    }

    private static String fingerprint(PolicyEvaluator.Violation v) {
        String basis = v.deployment() + "|" + v.artifact() + "|" + v.revision() + "|" + v.rule() + "|" + String.join(">", v.path());
        return Sha256.hexPrefix(basis, 16);
    }
}
