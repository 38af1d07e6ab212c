package dev.aiprov.events;

/**
 * What a finding event ({@link Ocsf#finding}) says: start with {@link #of}, then add {@link #at} and
 * {@link #secret} when known. {@code repoKey} is null for a local file; the secret fields are null
 * when the finding is not a leaked secret.
 */
public record FindingEvent(String key, String rule, String severity, String message, String repoKey, String path,
                           String location, String secretSha256, String secretRedacted) {

    /** A finding {@code key} of {@code rule} at {@code severity}, saying {@code message}. */
    public static FindingEvent of(String key, String rule, String severity, String message) {
        return new FindingEvent(key, rule, severity, message, null, null, null, null, null);
    }

    /** Where it is: the repo (null: a local file), the file's path and the place in the file. */
    public FindingEvent at(String repoKey, String path, String location) {
        return new FindingEvent(key, rule, severity, message, repoKey, path, location, secretSha256, secretRedacted);
    }

    /** The leaked secret's keyed hash and its redacted form. */
    public FindingEvent secret(String sha256, String redacted) {
        return new FindingEvent(key, rule, severity, message, repoKey, path, location, sha256, redacted);
    }
}
