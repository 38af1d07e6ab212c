package dev.aiprov.scanner.secrets;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a text file is encoded, decided from its first bytes: a byte-order mark (UTF-8, UTF-16,
 * UTF-32), the pattern of zero bytes that ASCII-heavy UTF-16/UTF-32 text without a mark shows, valid
 * UTF-8, or else Latin-1 when the bytes are clearly text (few control characters). Null from
 * {@link #detect} means binary. {@code unit} is the size of one code unit and {@code bom} the bytes
 * of the mark to skip.
 */
public record TextEncoding(String name, Charset charset, int unit, int bom, boolean bigEndian) {
    public static final TextEncoding UTF8 = new TextEncoding("utf-8", StandardCharsets.UTF_8, 1, 0, false);
    public static final TextEncoding LATIN1 = new TextEncoding("latin-1", StandardCharsets.ISO_8859_1, 1, 0, false);

    public static TextEncoding detect(byte[] h) {
        int n = h.length;
        if (n >= 3 && (h[0] & 0xff) == 0xEF && (h[1] & 0xff) == 0xBB && (h[2] & 0xff) == 0xBF) {
            return new TextEncoding("utf-8", StandardCharsets.UTF_8, 1, 3, false);
        }
        if (n >= 4 && (h[0] & 0xff) == 0xFF && (h[1] & 0xff) == 0xFE && h[2] == 0 && h[3] == 0) return utf32(4, false);
        if (n >= 4 && h[0] == 0 && h[1] == 0 && (h[2] & 0xff) == 0xFE && (h[3] & 0xff) == 0xFF) return utf32(4, true);
        if (n >= 2 && (h[0] & 0xff) == 0xFF && (h[1] & 0xff) == 0xFE) return utf16(2, false);
        if (n >= 2 && (h[0] & 0xff) == 0xFE && (h[1] & 0xff) == 0xFF) return utf16(2, true);
        int zeros = 0;
        for (byte x : h) if (x == 0) zeros++;
        if (zeros == 0) {
            if (TextProbe.mostlyUtf8(h)) return UTF8;
            return latin1Text(h) ? LATIN1 : null;
        }
        if (n >= 8) {
            int units4 = n / 4;
            if (units4 >= 2 && wide(h, units4, 4, false)) return utf32(0, false);
            if (units4 >= 2 && wide(h, units4, 4, true)) return utf32(0, true);
            int units2 = n / 2;
            if (units2 >= 4 && wide(h, units2, 2, false)) return utf16(0, false);
            if (units2 >= 4 && wide(h, units2, 2, true)) return utf16(0, true);
        }
        return null;
    }

    /** Text in code units of {@code width} bytes: at least 95% are ASCII text characters, none is 0. */
    static boolean wide(byte[] h, int units, int width, boolean be) {
        int ascii = 0;
        int allowedOther = units - (units * 95 + 99) / 100;   // more units than this that are not ASCII text: not text
        for (int u = 0; u < units; u++) {
            int cp = 0;
            for (int k = 0; k < width; k++) {
                int b = h[u * width + (be ? k : width - 1 - k)] & 0xff;
                cp = cp << 8 | b;
            }
            if (cp == 0) return false;
            if (cp < 0x80 && (cp >= 0x20 || cp == '\n' || cp == '\r' || cp == '\t')) ascii++;
            else if (u + 1 - ascii > allowedOther) return false;   // the 95% can no longer be reached
            if (width == 4 && cp > 0x10FFFF) return false;
        }
        return ascii * 100 >= units * 95;
    }

    /**
     * Latin-1 (or Windows-1252) text is mostly ASCII with a few accented letters: few control
     * characters, few C1 codes (0x80-0x9F, Windows-1252's quotes), and at most a quarter of bytes above
     * ASCII. Raw binary (tensor bytes, compressed data) has about half its bytes above 0x7F, so it
     * stays binary, never "clean text".
     */
    static boolean latin1Text(byte[] h) {
        int n = h.length;
        if (n == 0) return false;
        int high = 0;
        int c1 = 0;
        for (byte x : h) {
            int c = x & 0xff;
            if (c >= 0x80) high++;
            if (c >= 0x80 && c < 0xA0) c1++;
        }
        return controls(h, 0, 1) * 100 <= n && c1 * 50 <= n && high * 4 <= n;
    }

    private static int controls(byte[] h, int from, int step) {
        int bad = 0;
        for (int i = from; i < h.length; i += step) {
            int c = h[i] & 0xff;
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7f) bad++;
        }
        return bad;
    }

    private static TextEncoding utf16(int bom, boolean be) {
        return new TextEncoding(be ? "utf-16be" : "utf-16le", be ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE,
                2, bom, be);
    }

    private static TextEncoding utf32(int bom, boolean be) {
        return new TextEncoding(be ? "utf-32be" : "utf-32le", Charset.forName(be ? "UTF-32BE" : "UTF-32LE"), 4, bom, be);
    }

    /** True for UTF-16/UTF-32: the bytes must be narrowed before byte-level matching. */
    public boolean wide() {
        return unit > 1;
    }

    /** Bytes that {@code c} takes in this encoding (a surrogate pair counts 2+2 in UTF-8/UTF-32, 2+2 in UTF-16). */
    public int width(char c) {
        if (unit == 2) return 2;
        if (unit == 4) return Character.isLowSurrogate(c) ? 0 : 4;
        if (charset == StandardCharsets.ISO_8859_1) return 1;
        if (c < 0x80) return 1;
        if (c < 0x800) return 2;
        if (Character.isSurrogate(c)) return 2;
        return 3;
    }
}
