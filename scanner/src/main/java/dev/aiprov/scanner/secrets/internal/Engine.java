package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.secrets.SecretKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One linear pass over a byte buffer. Every byte costs a table lookup; only bytes that can start
 * a credential (a family prefix at a word boundary, {@code :}, {@code =}, {@code (}, {@code -----BEGIN})
 * or an encoding ({@code &#92;u00}, {@code %XX}, {@code "+"}, a base64 run) run a matcher, and each matcher
 * reads a bounded span forward (no regex, no backtracking). Decoded views (base64, escapes,
 * percent-encoding, concatenated literals) are scanned by a nested engine, at most {@link #MAX_DEPTH}
 * levels deep, and their hits are mapped back to where the encoded text stands.
 */
public final class Engine {
    static final int MAX_DEPTH = 2;
    private static final int B64 = 1, TRIG = 2;
    private static final byte[] FLAGS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) if (Text.b64(c)) FLAGS[c] |= B64;
        for (char c : "hasrAgxplet-:=(\\%+".toCharArray()) FLAGS[c] |= TRIG;
    }

    final int depth;
    final List<Hit> out;
    private final Runnable tick;
    private final Tokens tokens;
    private final Assignments assignments;
    private final Decoders decoders;

    private Engine(int depth, List<Hit> out, Runnable tick) {
        this.depth = depth;
        this.out = out;
        this.tick = tick;
        this.tokens = new Tokens(this);
        this.assignments = new Assignments(this);
        this.decoders = new Decoders(this);
    }

    /**
     * Scans candidates starting in {@code [from, to)}; matches may extend up to {@code end}, and
     * context is read back to 0. Returns hits sorted by start with overlaps resolved (the stronger
     * kind, then the longer match, wins). {@code tick} is called every 256 KiB (deadline checks).
     */
    public static List<Hit> scan(byte[] b, int from, int to, int end, Runnable tick) {
        List<Hit> hits = new ArrayList<>();
        new Engine(0, hits, tick).run(b, from, to, end);
        return resolve(dropPairedAwsSecrets(hits));
    }

    /** A nested scan of a decoded view; returns raw hits in the view's coordinates. */
    List<Hit> nested(byte[] b, int len) {
        List<Hit> hits = new ArrayList<>();
        new Engine(depth + 1, hits, tick).run(b, 0, len, len);
        return hits;
    }

    boolean canDecode() {
        return depth < MAX_DEPTH;
    }

    void add(SecretKind kind, int start, int end, String value, String shown) {
        out.add(new Hit(kind, start, end, value, shown, ""));
    }

    void netrc(byte[] b, int i, int end) {
        assignments.netrc(b, i, end);
    }

    private void run(byte[] b, int from, int to, int end) {
        int runStart = -1;
        boolean inheritedRun = from > 0 && Text.b64(b[from - 1]);
        int skip = from;
        int nextTick = from + (1 << 18);
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            int f = FLAGS[c];
            if (i >= nextTick) {
                nextTick += 1 << 18;
                if (tick != null) tick.run();
            }
            if ((f & B64) != 0) {
                if (runStart < 0) runStart = i;
                // inside a run after a letter or digit, neither a prefix (no boundary) nor "+" concatenation can start
                if ((f & TRIG) == 0 || (runStart < i && Text.alnum(b[i - 1]) && (i < 2 || b[i - 2] != '\\'))) continue;
            } else {
                if (runStart >= 0) {
                    if (!inheritedRun) decoders.base64Run(b, runStart, i, end);
                    runStart = -1;
                }
                inheritedRun = false;
                if ((f & TRIG) == 0) continue;
            }
            switch (c) {
                case ':' -> {
                    if (Text.startsWith(b, i + 1, end, "//")) tokens.url(b, i, end);
                    else if (i > 0 && Text.digit(b[i - 1])) tokens.telegram(b, i, end);
                    else assignments.at(b, i, end, false);
                }
                case '=' -> assignments.at(b, i, end, true);
                case '(' -> {
                    assignments.call(b, i, end);
                    if (i >= skip && canDecode()) {
                        int e = decoders.adjacent(b, i, end);
                        if (e > skip) skip = e;
                    }
                }
                case '-' -> {
                    if (Text.startsWith(b, i, end, "-----BEGIN ")) tokens.pem(b, i, end);
                }
                case '\\', '%', '+' -> {
                    if (i >= skip && canDecode()) {
                        int e = c == '\\' ? decoders.escapes(b, i, end) : c == '%' ? decoders.percent(b, i, end)
                                : decoders.concat(b, i, end);
                        if (e > skip) skip = e;
                    }
                }
                default -> {
                    if (boundary(b, i)) tokens.prefixed(b, i, end);
                }
            }
        }
        if (runStart >= 0 && !inheritedRun) {
            int e = to;
            while (e < end && Text.b64(b[e])) e++;
            decoders.base64Run(b, runStart, e, end);
        }
    }

    /** A token may start here: no word character before it (a JSON {@code \n} escape counts as a break). */
    static boolean boundary(byte[] b, int i) {
        if (i == 0) return true;
        int p = b[i - 1];
        if (!Text.word(p)) return true;
        return (p == 'n' || p == 't' || p == 'r') && i >= 2 && b[i - 2] == '\\';
    }

    /** An AWS secret already reported with its key id is not reported again on its own. */
    private static List<Hit> dropPairedAwsSecrets(List<Hit> hits) {
        java.util.Set<String> paired = new java.util.HashSet<>();
        for (Hit h : hits) {
            if (h.kind() == SecretKind.AWS_CREDENTIALS) paired.add(h.value().substring(h.value().indexOf(':') + 1));
        }
        if (paired.isEmpty()) return hits;
        List<Hit> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            if ((h.kind() == SecretKind.AWS_SECRET_KEY || h.kind() == SecretKind.GENERIC) && paired.contains(h.value())) continue;
            out.add(h);
        }
        return out;
    }

    /**
     * Sorts by start and, within each cluster of overlapping hits, keeps the stronger kind (declared
     * first in {@link SecretKind}), then the longer match. Linear in the number of hits outside clusters.
     */
    static List<Hit> resolve(List<Hit> hits) {
        if (hits.size() < 2) return hits;
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparingInt(Hit::start));
        List<Hit> result = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            int maxEnd = sorted.get(i).end();
            while (j + 1 < sorted.size() && sorted.get(j + 1).start() < maxEnd) {
                j++;
                maxEnd = Math.max(maxEnd, sorted.get(j).end());
            }
            if (j == i) {
                result.add(sorted.get(i));
            } else {
                List<Hit> cluster = new ArrayList<>(sorted.subList(i, j + 1));
                cluster.sort(Comparator.comparingInt((Hit h) -> h.kind().ordinal())
                        .thenComparingInt(h -> -(h.end() - h.start())));
                List<Hit> kept = new ArrayList<>();
                for (Hit h : cluster) {
                    boolean overlaps = false;
                    for (Hit k : kept) overlaps |= h.start() < k.end() && k.start() < h.end();
                    if (!overlaps && kept.size() < 64) kept.add(h);
                }
                kept.sort(Comparator.comparingInt(Hit::start));
                result.addAll(kept);
            }
            i = j + 1;
        }
        return result;
    }
}
