package dev.aiprov.crawler.lineage;

import dev.aiprov.graph.RepoId;
import java.util.Locale;
import java.util.Optional;


/**
 * Repo ids found in cards, tags and config files, which may hold Hub URLs or local paths: the URL
 * prefix is removed, then the rest must be a {@link RepoId}.
 */
public final class HubIds {
    private HubIds() {
    }

    /**
     * The repo id a reference names, or empty if it cannot be one: strips a {@code huggingface.co/}
     * URL prefix and a trailing slash; rejects paths ({@code ./x}, {@code /home/..}), {@code ..}, and
     * anything else that is not a {@link RepoId}.
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
        return RepoId.tryParse(s).map(RepoId::value);
    }
}
