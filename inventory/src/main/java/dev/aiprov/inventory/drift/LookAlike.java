package dev.aiprov.inventory.drift;

import dev.aiprov.graph.DriftQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typosquat detection on names the graph knows: a used repo whose name (the part after the org) is
 * within Damerau-Levenshtein distance {@link #MAX_DISTANCE} of a repo with at least {@link #RATIO}
 * times its downloads from a different author. No Hub search: only crawled repos are compared.
 */
public final class LookAlike {
    public static final int MAX_DISTANCE = 2;
    public static final long RATIO = 100;
    /** Names longer than this are compared on their first MAX_NAME characters. */
    static final int MAX_NAME = 256;

    /** A used repo that looks like {@code popular}. {@code distance} is on the lower-cased names. */
    public record Match(String usedKey, String usedId, long usedDownloads, String popularKey, String popularId,
                        String popularAuthor, long popularDownloads, int distance, boolean orgLookAlike) {
    }

    private LookAlike() {
    }

    /** Candidates of {@code used} among {@code known}; {@code used} downloads null counts as 0. */
    public static List<Match> find(String usedKey, String usedId, String usedAuthor, Long usedDownloads,
                                   List<DriftQueries.Known> known) {
        List<Match> out = new ArrayList<>();
        String type = usedKey.substring(0, usedKey.indexOf(':'));
        String usedOrg = org(usedId);
        String author = usedAuthor != null ? usedAuthor : usedOrg;
        String name = name(usedId);
        long d = usedDownloads == null ? 0 : usedDownloads;
        long need = Math.max(1, d) * RATIO;
        for (DriftQueries.Known k : known) {
            if (k.downloads() < need || k.key().equals(usedKey) || !k.key().startsWith(type + ":")) continue;
            String kAuthor = k.author() != null ? k.author() : org(k.id());
            if (kAuthor != null && kAuthor.equalsIgnoreCase(author)) continue;
            int dist = distance(name, name(k.id()), MAX_DISTANCE);
            if (dist > MAX_DISTANCE) continue;
            boolean orgLike = usedOrg != null && org(k.id()) != null
                    && distance(usedOrg, org(k.id()), MAX_DISTANCE) <= MAX_DISTANCE;
            out.add(new Match(usedKey, usedId, d, k.key(), k.id(), kAuthor, k.downloads(), dist, orgLike));
        }
        return out;
    }

    static String org(String id) {
        int i = id.indexOf('/');
        return i < 0 ? null : id.substring(0, i).toLowerCase(Locale.ROOT);
    }

    static String name(String id) {
        String n = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }

    /**
     * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
     * transpositions of adjacent characters), or {@code max + 1} as soon as it must exceed {@code max}.
     */
    public static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) return max + 1;
        int n = a.length();
        int m = b.length();
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) return max + 1;
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], max + 1);
    }
}
