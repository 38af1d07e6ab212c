package dev.aiprov.crawler.lineage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of repo ids found in cards, tags and config files (which may hold URLs or local paths). */
public final class HubIds {
    /** {@code name} or {@code owner/name}: letters, digits, {@code - _ .}; at most 96 characters per the Hub. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9._-]{1,96})?");

    private HubIds() {
    }

    /**
     * The repo id a reference names, or empty if it cannot be one: strips a {@code huggingface.co/}
     * URL prefix and a trailing slash; rejects paths ({@code ./x}, {@code /home/..}), {@code ..}, and
     * anything else outside the id alphabet.
     */
    public static Optional<String> normalize(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        String s = ref.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"https://huggingface.co/", "http://huggingface.co/", "huggingface.co/", "hf.co/"}) {
            if (lower.startsWith(prefix)) {
                s = s.substring(prefix.length());
                break;
            }
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!ID.matcher(s).matches() || s.contains("..") || s.endsWith(".git")) {
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
