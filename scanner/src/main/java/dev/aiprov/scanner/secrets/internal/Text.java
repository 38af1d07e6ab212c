package dev.aiprov.scanner.secrets.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/** Byte classes and value checks shared by the matchers: placeholders, entropy, checksums. */
public final class Text {
    private Text() {
    }

    static final byte LOWER = 1, UPPER = 2, DIGIT = 4, UNDERSCORE = 8, DASH = 16, B64EXTRA = 32, HEXL = 64;
    static final byte[] CLS = new byte[256];

    static {
        for (int c = 'a'; c <= 'z'; c++) CLS[c] = LOWER;
        for (int c = 'A'; c <= 'Z'; c++) CLS[c] = UPPER;
        for (int c = '0'; c <= '9'; c++) CLS[c] = DIGIT;
        for (int c = 'a'; c <= 'f'; c++) CLS[c] |= HEXL;
        CLS['_'] = UNDERSCORE;
        CLS['-'] = DASH;
        CLS['+'] = B64EXTRA;
        CLS['/'] = B64EXTRA;
    }

    static boolean alpha(int b) {
        return (CLS[b & 0xff] & (LOWER | UPPER)) != 0;
    }

    static boolean alnum(int b) {
        return (CLS[b & 0xff] & (LOWER | UPPER | DIGIT)) != 0;
    }

    static boolean word(int b) {
        return (CLS[b & 0xff] & (LOWER | UPPER | DIGIT | UNDERSCORE)) != 0;
    }

    /** [A-Za-z0-9_-]: base64url and most token alphabets. */
    static boolean urlsafe(int b) {
        return (CLS[b & 0xff] & (LOWER | UPPER | DIGIT | UNDERSCORE | DASH)) != 0;
    }

    static boolean b64(int b) {
        return (CLS[b & 0xff] & (LOWER | UPPER | DIGIT | B64EXTRA)) != 0;
    }

    static boolean digit(int b) {
        return (CLS[b & 0xff] & DIGIT) != 0;
    }

    static boolean lowerHex(int b) {
        return (CLS[b & 0xff] & (DIGIT | HEXL)) != 0;
    }

    static boolean hex(int b) {
        return lowerHex(b) || (b >= 'A' && b <= 'F');
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** True when {@code b[at..]} starts with the ASCII {@code s} (bounded by {@code end}). */
    static boolean startsWith(byte[] b, int at, int end, String s) {
        if (at < 0 || at + s.length() > end) return false;
        for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
        return true;
    }

    static boolean startsWithIgnoreCase(byte[] b, int at, int end, String lower) {
        if (at < 0 || at + lower.length() > end) return false;
        for (int i = 0; i < lower.length(); i++) {
            int c = b[at + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }

    /** Case-insensitive search of {@code lower} in {@code b[from, to)}. */
    static boolean containsIgnoreCase(byte[] b, int from, int to, String lower) {
        from = Math.max(0, from);
        char first = lower.charAt(0);
        for (int i = from; i + lower.length() <= to; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c == first && startsWithIgnoreCase(b, i, to, lower)) return true;
        }
        return false;
    }

    /** Shannon entropy in bits per character. */
    public static double entropy(String s) {
        if (s.isEmpty()) return 0;
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++;
            else other++;
        }
        double h = 0, n = s.length();
        for (int c : counts) if (c > 0) h -= (c / n) * (Math.log(c / n) / Math.log(2));
        if (other > 0) h -= (other / n) * (Math.log(other / n) / Math.log(2));
        return h;
    }

    private static final String[] PLACEHOLDER_WORDS = {
        "xxxx", "example", "dummy", "fake", "sample", "placeholder", "your", "changeme", "change_me", "redacted",
        "replace", "insert", "secret_here", "token_here", "key_here", "<", ">", "${", "{{", "%(", "$(", "...", "…",
        "****", "####", "todo", "password", "secret", "not-a-real", "notreal", "invalid", "test_key", "testkey",
        // RFC 6749/6750 example client credentials and tokens, quoted in OAuth libraries' docstrings
        "s6bhdrkqt3", "gx1fbat3bv", "2yotnfzfejr1zcsicmwpaa", "tgzv3jokf0xg5qx2tlkwia"
    };

    /**
     * True for values that are placeholders rather than credentials: documentation words
     * ({@code example}, {@code dummy}, {@code fake}, {@code your}, {@code xxxx}), template syntax
     * ({@code <...>}, {@code ${...}}, {@code {{...}}}), ellipses, long runs of one character,
     * ascending sequences ({@code abcdef}, {@code 123456}) and too few distinct characters.
     */
    public static boolean isPlaceholder(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String w : PLACEHOLDER_WORDS) if (v.contains(w)) return true;
        int run = 1, asc = 1;
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i), p = v.charAt(i - 1);
            run = c == p ? run + 1 : 1;
            asc = (c == p + 1 && Character.isLetterOrDigit(c)) ? asc + 1 : 1;
            if (run >= 6 || asc >= 6) return true;
        }
        if (v.length() >= 16) {
            long seen = 0, seenHi = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 64) seen |= 1L << c;
                else if (c < 128) seenHi |= 1L << (c - 64);
            }
            int distinct = Long.bitCount(seen) + Long.bitCount(seenHi);
            if (distinct < 8) return true;
        }
        return false;
    }

    private static final char[] B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** Base62 of an unsigned 32-bit value, left-padded with '0' to 6 characters (GitHub's token checksum). */
    public static String base62Crc(long value) {
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = B62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    /** GitHub classic tokens: the last 6 characters are base62(CRC32(the 30 random characters)). */
    public static boolean githubChecksumValid(String token) {
        int us = token.indexOf('_');
        String body = token.substring(us + 1);
        if (body.length() != 36) return false;
        CRC32 crc = new CRC32();
        crc.update(body.substring(0, 30).getBytes(StandardCharsets.US_ASCII));
        return base62Crc(crc.getValue()).equals(body.substring(30));
    }
}
