package dev.aiprov.graph.lineage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an exposure question is about, parsed from {@code kind:value}: {@code model:ID},
 * {@code model:ID@REVISION}, {@code dataset:ID}, {@code space:ID}, {@code author:NAME},
 * {@code file:SHA256} (or a 40-hex git blob id), {@code secret:SHA256}, {@code rule:RULE_ID}.
 */
public record ArtifactRef(Kind kind, String value, String revision) {
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REVISION = Pattern.compile("[0-9a-f]{7,40}|[A-Za-z0-9._/-]{1,100}");
    private static final Pattern RULE = Pattern.compile("[A-Z][A-Z0-9_]{1,99}");

    public enum Kind {
        MODEL, DATASET, SPACE, AUTHOR, FILE, SECRET, RULE;

        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses {@code kind:value}; throws {@link IllegalArgumentException} with a one-line message. */
    public static ArtifactRef parse(String text) {
        if (text == null) throw new IllegalArgumentException("an artifact is required (e.g. model:org/name)");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("artifact must be KIND:VALUE with KIND one of model, dataset, space, author, "
                    + "file, secret, rule; got '" + text + "'");
        }
        String k = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String v = text.substring(colon + 1).trim();
        Kind kind;
        try {
            kind = Kind.valueOf(k.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown artifact kind '" + k + "' (model, dataset, space, author, file, secret, rule)");
        }
        String revision = null;
        if (kind == Kind.MODEL || kind == Kind.DATASET || kind == Kind.SPACE) {
            int at = v.indexOf('@');
            if (at >= 0) {
                revision = v.substring(at + 1);
                v = v.substring(0, at);
                if (!REVISION.matcher(revision).matches()) throw new IllegalArgumentException("bad revision '" + revision + "'");
            }
            if (!REPO_ID.matcher(v).matches()) throw new IllegalArgumentException("bad " + k + " id '" + v + "' (expected org/name)");
        }
        switch (kind) {
            case AUTHOR -> {
                if (!REPO_ID.matcher(v).matches() || v.contains("/")) throw new IllegalArgumentException("bad author name '" + v + "'");
            }
            case FILE -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!HEX64.matcher(v).matches() && !HEX40.matcher(v).matches()) {
                    throw new IllegalArgumentException("file: takes a SHA-256 (64 hex digits) or a git blob id (40), got '" + v + "'");
                }
            }
            case SECRET -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!HEX64.matcher(v).matches()) throw new IllegalArgumentException("secret: takes a SHA-256 (64 hex digits)");
            }
            case RULE -> {
                if (!RULE.matcher(v).matches()) throw new IllegalArgumentException("rule: takes a rule id like PICKLE_GLOBAL_OS_SYSTEM, got '" + v + "'");
            }
            default -> {
            }
        }
        return new ArtifactRef(kind, v, revision);
    }

    /** The repo key in the graph ({@code model:org/name}), for repo artifacts. */
    public String repoKey() {
        return kind.prefix() + ":" + value;
    }

    @Override
    public String toString() {
        return kind.prefix() + ":" + value + (revision == null ? "" : "@" + revision);
    }
}
