package dev.aiprov.graph;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Hub repo id that passed the Hub's grammar, so it is safe in a URL path and as a stored key:
 * {@code name} (legacy, e.g. {@code gpt2}) or {@code owner/name}. Each part is 1 to 96 of
 * {@code A-Z a-z 0-9 _ - .}, starts and ends with a letter, digit or {@code _}, and holds no
 * {@code --} or {@code ..}; the id does not end in {@code .git} (huggingface_hub's
 * {@code validate_repo_id}). Nothing is decoded or trimmed: {@code %2e%2e}, a backslash, a space,
 * a control character or a third {@code /} is simply not an id. Every id that enters aiprov (the
 * command line, manifests, cards, tags, API answers) goes through {@link #parse} or {@link #tryParse}.
 */
public record RepoId(String value) {
    /** Longest part (owner or name), per the Hub. */
    public static final int MAX_PART = 96;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?");

    public RepoId {
        String why = problem(value);
        if (why != null) throw new IllegalArgumentException(why);
    }

    /** The id, or an {@link IllegalArgumentException} whose one-line message says why not (safe to print). */
    public static RepoId parse(String value) {
        return new RepoId(value);
    }

    /** The id, or empty when {@code value} is not one. */
    public static Optional<RepoId> tryParse(String value) {
        return problem(value) == null ? Optional.of(new RepoId(value)) : Optional.empty();
    }

    /** True for a valid user or organisation name (an {@code --author} seed): one part. */
    public static boolean isValidOwner(String value) {
        return value != null && validPart(value);
    }

    /** Why {@code value} is not a repo id, or null when it is one. */
    static String problem(String value) {
        if (value == null) return "no repo id given";
        String shown = "'" + printable(value) + "'";
        if (value.isEmpty()) return "empty repo id";
        if (value.length() > 2 * MAX_PART + 1) return "repo id too long (" + value.length() + " characters): " + printable(value);
        int slash = value.indexOf('/');
        if (slash >= 0 && slash != value.lastIndexOf('/')) return "not a repo id (more than one '/'): " + shown;
        if (value.endsWith(".git")) return "not a repo id (ends in .git): " + shown;
        String owner = slash < 0 ? null : value.substring(0, slash);
        String name = value.substring(slash + 1);
        if ((owner != null && !validPart(owner)) || !validPart(name)) {
            return "not a repo id: " + shown + " (expected owner/name: letters, digits, '-', '_', '.', no '--' or '..', "
                    + "at most " + MAX_PART + " per part)";
        }
        return null;
    }

    private static boolean validPart(String p) {
        return PART.matcher(p).matches() && !p.contains("--") && !p.contains("..");
    }

    /** {@code value} shortened and with control characters shown as {@code ?}, for an error message. */
    public static String printable(String value) {
        String s = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return s.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
    }

    /** The owner (user or organisation), or null for a legacy one-part id. */
    public String owner() {
        int slash = value.indexOf('/');
        return slash < 0 ? null : value.substring(0, slash);
    }

    /** The repo name. */
    public String name() {
        return value.substring(value.indexOf('/') + 1);
    }

    public boolean hasOwner() {
        return value.indexOf('/') > 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
