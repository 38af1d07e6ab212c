package dev.aiprov.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.Sha256;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 (OASIS) as GitHub code scanning accepts it: one run, the rules that fired with a
 * {@code security-severity}, one result per finding with a repository-relative URI, a region
 * ({@code startLine} for text, 1 otherwise) and a stable partial fingerprint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SarifReport(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(Tool tool, List<Result> results) {
    }

    public record Tool(Driver driver) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Driver(String name, String version, String informationUri, List<Rule> rules) {
    }

    public record Rule(String id, String name, Text shortDescription, Configuration defaultConfiguration,
                       Map<String, Object> properties) {
    }

    public record Configuration(String level) {
    }

    public record Text(String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String ruleId, int ruleIndex, String level, Text message, List<SarifLocation> locations,
                         Map<String, String> partialFingerprints, Map<String, Object> properties) {
    }

    public record SarifLocation(PhysicalLocation physicalLocation) {
    }

    public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {
    }

    public record ArtifactLocation(String uri) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Region(int startLine, Integer endLine, Long byteOffset) {
        public Region(int startLine, Long byteOffset) {
            this(startLine, null, byteOffset);
        }
    }

    public static SarifReport of(List<FileResult> results, String toolVersion) {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        List<Result> out = new ArrayList<>();
        for (FileResult r : results) {
            String[] parts = r.path().split("!", 2);
            String uri = uri(parts[0]);
            for (Finding f : r.findings()) {
                Integer idx = ruleIndex.get(f.rule());
                if (idx == null) {
                    idx = rules.size();
                    ruleIndex.put(f.rule(), idx);
                    rules.add(new Rule(f.rule(), f.rule(), new Text(f.message()), new Configuration(level(f.severity())),
                            Map.of("security-severity", securitySeverity(f.severity()), "tags", List.of("security"))));
                }
                String member = parts.length > 1 ? parts[1] : "";
                String loc = f.location().toString();
                String where = member.isEmpty() ? loc : member + (loc.isEmpty() ? "" : " " + loc);
                String text = f.message() + (where.isEmpty() ? "" : " (at " + where + ")")
                        + (f.evidence().isEmpty() ? "" : " [" + f.evidence() + "]");
                Region region = new Region(Math.max(1, f.location().line()),
                        f.location().endLine() > f.location().line() && f.location().line() > 0 ? f.location().endLine() : null,
                        f.location().line() > 0 || f.location().offset() < 0 || !member.isEmpty() ? null : f.location().offset());
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("severity", f.severity().label());
                if (!member.isEmpty()) props.put("member", member);
                if (f.secret() != null) {
                    props.put("secretType", f.secret().type());
                    props.put("secretRedacted", f.secret().redacted());
                    props.put("secretSha256", f.secret().sha256());
                }
                out.add(new Result(f.rule(), idx, level(f.severity()), new Text(text),
                        List.of(new SarifLocation(new PhysicalLocation(new ArtifactLocation(uri), region))),
                        Map.of("aiprovFinding/v1", fingerprint(r.path(), f)), props));
            }
        }
        Driver driver = new Driver("aiprov", toolVersion, "https://github.com/aiprov/aiprov", rules);
        return new SarifReport(SCHEMA, "2.1.0", List.of(new Run(new Tool(driver), out)));
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }

    /** A repository-relative URI with forward slashes where the path is under the working directory. */
    static String uri(String path) {
        Path p = Path.of(path).normalize();
        if (p.isAbsolute()) {
            Path cwd = Path.of("").toAbsolutePath();
            if (p.startsWith(cwd)) p = cwd.relativize(p);
            else return p.toUri().toString();
        }
        return p.toString().replace('\\', '/');
    }

    private static String fingerprint(String path, Finding f) {
        String basis = path + "|" + f.rule() + "|" + f.location() + "|"
                + (f.secret() != null ? f.secret().sha256() : f.evidence());
        return Sha256.hexPrefix(basis, 16);
    }
}
