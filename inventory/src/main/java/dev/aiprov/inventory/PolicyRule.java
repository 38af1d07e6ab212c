package dev.aiprov.inventory;

import java.util.Locale;

/** The rules of the deployment policy gate. The policy file names each by its lower-case id. */
public enum PolicyRule {
    NOT_APPROVED("no approval in force for the revision in use"),
    NOT_PINNED("not pinned to a commit"),
    NOT_SCANNED("the revision in use was never scanned"),
    OUTDATED_SCAN("scanned by an older scanner than the current one"),
    SEVERE_FINDING("a finding at or above the severity threshold in the artifact or its lineage"),
    REMOTE_CODE("loading it requires trust_remote_code"),
    LICENSE_NOT_ALLOWED("licence outside the allowlist"),
    UPSTREAM_UNAVAILABLE("gated, private, disabled or deleted upstream"),
    LEAKED_SECRET("a secret leaked in the repo's files");

    private final String description;

    PolicyRule(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The key in a policy file, e.g. {@code not_approved}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
