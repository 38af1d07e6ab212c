package dev.aiprov.scanner;

import java.util.Objects;

/**
 * One finding. {@code rule} is the stable id of a {@link Rule} (kept as its string: it is what graphs,
 * SARIF, allowlists and events store); {@code evidence} is short and never contains a secret in clear;
 * {@code secret} is set only for leaked credentials. Detectors build findings with {@link #of}.
 */
public record Finding(String rule, Severity severity, String message, Location location,
                      String evidence, SecretRef secret) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        location = location == null ? Location.at(-1) : location;
        evidence = evidence == null ? "" : evidence;
    }

    public static Finding of(Rule rule, Severity severity, String message, Location location, String evidence) {
        return new Finding(rule.id(), severity, message, location, evidence, null);
    }

    /** A finding with the rule's default severity. */
    public static Finding of(Rule rule, String message, Location location, String evidence) {
        return of(rule, rule.severity(), message, location, evidence);
    }

    /** A leaked credential: the finding carries the rule's default severity and {@code secret}. */
    public static Finding secret(Rule rule, String message, Location location, String evidence, SecretRef secret) {
        return new Finding(rule.id(), rule.severity(), message, location, evidence, secret);
    }

    public Finding inMember(String outer) {
        return new Finding(rule, severity, message, location.withMember(outer), evidence, secret);
    }
}
