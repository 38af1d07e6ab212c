package dev.aiprov.scanner;

/**
 * A leaked credential, never in clear: its type, a redacted form (prefix + last 4) and the
 * SHA-256 (hex) of the exact value, so one leak can be tracked across files without storing it.
 */
public record SecretRef(String type, String redacted, String sha256) {
}
