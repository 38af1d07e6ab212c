package dev.aiprov.inventory;

import dev.aiprov.inventory.internal.LocatedYaml;
import dev.aiprov.inventory.internal.LocatedYaml.Entry;
import dev.aiprov.inventory.internal.LocatedYaml.MapNode;
import dev.aiprov.inventory.internal.LocatedYaml.Node;
import dev.aiprov.inventory.internal.LocatedYaml.Scalar;
import dev.aiprov.inventory.internal.LocatedYaml.SeqNode;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.UserFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which rules the gate applies. {@code licenseAllow} null means the licence rule is off; the
 * default policy turns every rule on except the licence rule, with a {@code high} threshold.
 */
public record Policy(Set<PolicyRule> enabled, Severity findingThreshold, Set<String> licenseAllow) {
    public Policy {
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        licenseAllow = licenseAllow == null ? null : Set.copyOf(licenseAllow);
    }

    public static Policy defaults() {
        EnumSet<PolicyRule> on = EnumSet.allOf(PolicyRule.class);
        on.remove(PolicyRule.LICENSE_NOT_ALLOWED);
        return new Policy(on, Severity.HIGH, null);
    }

    public boolean on(PolicyRule r) {
        return enabled.contains(r);
    }

    /** Reads a policy file; each problem is {@code FILE:LINE: message}. Absent rules keep their default. */
    public static Policy load(Path path) throws ManifestException {
        String label = path.toString();
        String text;
        try {
            text = UserFiles.readText(path, ManifestParser.MAX_BYTES);
        } catch (IOException e) {
            throw new ManifestException(List.of("cannot read policy " + e.getMessage()));
        }
        return parse(label, text);
    }

    public static Policy parse(String label, String text) throws ManifestException {
        Node root;
        try {
            root = LocatedYaml.parseYaml(text);
        } catch (LocatedYaml.YamlException e) {
            throw new ManifestException(List.of(label + ":" + e.line() + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        EnumSet<PolicyRule> on = EnumSet.copyOf(defaults().enabled());
        Severity threshold = Severity.HIGH;
        Set<String> allow = null;
        if (root == null) return defaults();
        if (!(root instanceof MapNode top)) {
            throw new ManifestException(List.of(label + ":" + root.line() + ": expected a mapping with 'rules'"));
        }
        for (Entry e : top.entries().values()) {
            if (!e.key().equals("rules") && !e.key().equals("version")) {
                problems.add(label + ":" + e.keyLine() + ": unknown key '" + e.key() + "' (allowed: rules, version)");
            }
        }
        Entry rules = top.entries().get("rules");
        if (rules != null && rules.value() instanceof MapNode rm) {
            for (Entry e : rm.entries().values()) {
                PolicyRule rule = Arrays.stream(PolicyRule.values()).filter(r -> r.key().equals(e.key())).findFirst().orElse(null);
                if (rule == null) {
                    problems.add(label + ":" + e.keyLine() + ": unknown rule '" + e.key() + "' (known: "
                            + String.join(", ", Arrays.stream(PolicyRule.values()).map(PolicyRule::key).toList()) + ")");
                    continue;
                }
                Boolean enabled = switchValue(e.value());
                MapNode options = null;
                if (enabled == null && e.value() instanceof MapNode m) {
                    options = m;
                    enabled = true;
                    Entry en = m.entries().get("enabled");
                    if (en != null) {
                        enabled = switchValue(en.value());
                        if (enabled == null) {
                            problems.add(label + ":" + en.value().line() + ": 'enabled' must be true or false");
                            continue;
                        }
                    }
                } else if (enabled == null) {
                    problems.add(label + ":" + e.value().line() + ": rule '" + e.key()
                            + "' must be true, false or a mapping of options");
                    continue;
                }
                if (options != null) {
                    Set<String> allowedOptions = switch (rule) {
                        case SEVERE_FINDING -> Set.of("enabled", "severity");
                        case LICENSE_NOT_ALLOWED -> Set.of("enabled", "allow");
                        default -> Set.of("enabled");
                    };
                    for (Entry o : options.entries().values()) {
                        if (!allowedOptions.contains(o.key())) {
                            problems.add(label + ":" + o.keyLine() + ": unknown option '" + o.key() + "' for rule " + rule.key());
                        }
                    }
                    Entry sev = options.entries().get("severity");
                    if (sev != null) {
                        try {
                            threshold = Severity.parse(((Scalar) sev.value()).text());
                        } catch (RuntimeException ex) {
                            problems.add(label + ":" + sev.value().line() + ": severity must be critical, high, medium, low or info");
                        }
                    }
                    Entry al = options.entries().get("allow");
                    if (al != null) {
                        if (al.value() instanceof SeqNode list) {
                            allow = new LinkedHashSet<>();
                            for (Node n : list.items()) {
                                if (n instanceof Scalar s && s.isString() && !s.text().isBlank()) {
                                    allow.add(s.text().strip().toLowerCase(Locale.ROOT));
                                } else {
                                    problems.add(label + ":" + n.line() + ": licence ids must be strings");
                                }
                            }
                        } else {
                            problems.add(label + ":" + al.value().line() + ": 'allow' must be a list of licence ids");
                        }
                    }
                }
                if (enabled) on.add(rule);
                else on.remove(rule);
            }
        } else if (rules != null && !(rules.value() instanceof Scalar s && s.isNull())) {
            problems.add(label + ":" + rules.value().line() + ": 'rules' must be a mapping");
        }
        if (on.contains(PolicyRule.LICENSE_NOT_ALLOWED) && allow == null) {
            // an allowlist rule without a list would refuse everything: absent list = rule off
            on.remove(PolicyRule.LICENSE_NOT_ALLOWED);
        }
        if (!problems.isEmpty()) throw new ManifestException(problems);
        return new Policy(on, threshold, on.contains(PolicyRule.LICENSE_NOT_ALLOWED) ? allow : null);
    }

    private static Boolean switchValue(Node n) {
        if (!(n instanceof Scalar s) || s.text() == null) return null;
        return switch (s.text().strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> null;
        };
    }
}
