package dev.aiprov.scanner;

/**
 * A leaked credential, never in clear: its type, a redacted form (prefix + last 4) and a keyed hash
 * of the exact value, HMAC-SHA256 (hex) under the installation's key ({@code $AIPROV_HOME/secret-hash.key}),
 * so one leak can be tracked across files and scans without storing it, and a stored hash cannot be
 * tested against guessed values without the key. (The component keeps its historical name.)
 */
public record SecretRef(String type, String redacted, String sha256) {
}
