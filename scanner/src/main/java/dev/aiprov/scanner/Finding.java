package dev.aiprov.scanner;

import java.util.Objects;

/**
 * One finding. {@code rule} is a stable id such as {@code PICKLE_GLOBAL_OS_SYSTEM}; {@code evidence}
 * is short and never contains a secret in clear; {@code secret} is set only for leaked credentials.
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

    public static Finding of(String rule, Severity severity, String message, Location location, String evidence) {
        return new Finding(rule, severity, message, location, evidence, null);
    }

    public Finding inMember(String outer) {
        return new Finding(rule, severity, message, location.withMember(outer), evidence, secret);
    }
}
