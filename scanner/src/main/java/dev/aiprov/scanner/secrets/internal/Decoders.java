package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.secrets.SecretKind;

import java.util.Base64;
import java.util.List;

/**
 * Decoded views: base64 runs (including {@code Authorization: Basic}), JSON/Python escapes
 * ({@code &#92;u0068f_}), percent-encoding and string literals joined by {@code +}. Each view is
 * scanned by a nested engine; a hit is kept only if decoding mattered (a hit that lies in plain text
 * is the outer pass's to report) and is mapped back to the encoded text.
 */
final class Decoders {
    private static final int REGION = 1024;
    private static final String[] BINARY_MAGIC = {"iVBORw0KGgo", "/9j/", "R0lGOD", "UklGR", "JVBERi0", "AAAA",
            "T2dnUw", "SUQz", "Qk0", "PD94bWwg", "SUkq", "TU0A"};

    private final Engine engine;

    Decoders(Engine engine) {
        this.engine = engine;
    }

    /** A maximal run of base64 characters {@code [s, e)}. */
    void base64Run(byte[] b, int s, int e, int end) {
        int len = e - s;
        if (len < 12 || !engine.canDecode()) return;
        boolean basic = s >= 6 && Text.startsWithIgnoreCase(b, s - 6, end, "basic ");
        if (!basic && len < 24) return;
        for (String m : BINARY_MAGIC) if (Text.startsWith(b, s, e, m)) return;
        int pad = 0;
        while (e + pad < end && pad < 2 && b[e + pad] == '=') pad++;
        int usable = (len + pad) % 4 == 0 ? len : len / 4 * 4;
        if (usable < 12) return;
        byte[] head = usable > 64 ? decode(b, s, 64, 0) : decode(b, s, usable, usable == len ? pad : 0);
        if (head == null || !mostlyPrintable(head)) return;
        byte[] dec = decode(b, s, usable, usable == len ? pad : 0);
        if (dec == null) return;
        if (basic) {
            int colon = indexOf(dec, (byte) ':');
            if (colon > 0 && colon < dec.length - 1 && allPrintable(dec)) {
                String cred = Text.ascii(dec, 0, dec.length);
                if (!Text.isPlaceholder(cred.substring(colon + 1)) && cred.length() - colon > 4) {
                    engine.add(SecretKind.BASIC_AUTH, s, e, cred, "Basic ");
                    return;
                }
            }
        }
        for (Hit h : engine.nested(dec, dec.length)) {
            int hs = s + h.start() / 3 * 4;
            int he = Math.min(e, s + (h.end() + 2) / 3 * 4);
            engine.out.add(h.at(hs, he, "decoded from base64"));
        }
    }

    private static byte[] decode(byte[] b, int s, int n, int pad) {
        try {
            String text = Text.ascii(b, s, s + n) + "=".repeat(pad);
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static boolean mostlyPrintable(byte[] d) {
        int ok = 0;
        for (byte x : d) if ((x >= 32 && x < 127) || x == '\n' || x == '\r' || x == '\t') ok++;
        return ok * 10 >= d.length * 9;
    }

    private static boolean allPrintable(byte[] d) {
        for (byte x : d) if (x < 32 || x >= 127) return false;
        return true;
    }

    private static int indexOf(byte[] d, byte x) {
        for (int i = 0; i < d.length; i++) if (d[i] == x) return i;
        return -1;
    }

    /** {@code &#92;u00XX} or {@code \xXX} at {@code i}: unescapes the enclosing string literal. Returns where it ends. */
    int escapes(byte[] b, int i, int end) {
        boolean u = Text.startsWith(b, i, end, "\\u00") && i + 5 < end && Text.hex(b[i + 4]) && Text.hex(b[i + 5])
                && b[i + 4] < '8';
        boolean x = !u && i + 3 < end && b[i + 1] == 'x' && Text.hex(b[i + 2]) && Text.hex(b[i + 3]) && b[i + 2] < '8';
        if (!u && !x) return i;
        int rs = i;
        while (rs > 0 && i - rs < 256 && b[rs - 1] != '\n' && !((b[rs - 1] == '"' || b[rs - 1] == '\'')
                && (rs < 2 || b[rs - 2] != '\\'))) rs--;
        int re = i;
        while (re < end && re - i < REGION && b[re] != '\n' && !((b[re] == '"' || b[re] == '\'') && b[re - 1] != '\\')) re++;
        byte[] dec = new byte[re - rs];
        int[] map = new int[re - rs + 1];
        int n = 0;
        for (int k = rs; k < re; ) {
            map[n] = k;
            if (b[k] == '\\' && k + 1 < re) {
                int c = b[k + 1];
                if (c == 'u' && k + 5 < re && hex4(b, k + 2)) {
                    int v = Integer.parseInt(Text.ascii(b, k + 2, k + 6), 16);
                    dec[n++] = (byte) (v < 128 ? v : '?');
                    k += 6;
                    continue;
                }
                if (c == 'x' && k + 3 < re && Text.hex(b[k + 2]) && Text.hex(b[k + 3])) {
                    int v = Integer.parseInt(Text.ascii(b, k + 2, k + 4), 16);
                    dec[n++] = (byte) (v < 128 ? v : '?');
                    k += 4;
                    continue;
                }
                dec[n++] = (byte) switch (c) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> c;
                };
                k += 2;
                continue;
            }
            dec[n++] = b[k++];
        }
        map[n] = re;
        keepDecoded(dec, n, map, "decoded from escapes");
        return re;
    }

    private static boolean hex4(byte[] b, int at) {
        return Text.hex(b[at]) && Text.hex(b[at + 1]) && Text.hex(b[at + 2]) && Text.hex(b[at + 3]);
    }

    /** {@code %XX} at {@code i}: percent-decodes the enclosing run of URL characters. */
    int percent(byte[] b, int i, int end) {
        if (i + 2 >= end || !Text.hex(b[i + 1]) || !Text.hex(b[i + 2]) || b[i + 1] > '7') return i;
        int rs = i;
        while (rs > 0 && i - rs < 256 && urlChar(b[rs - 1])) rs--;
        int re = i;
        while (re < end && re - i < REGION && urlChar(b[re])) re++;
        byte[] dec = new byte[re - rs];
        int[] map = new int[re - rs + 1];
        int n = 0;
        for (int k = rs; k < re; ) {
            map[n] = k;
            if (b[k] == '%' && k + 2 < re && Text.hex(b[k + 1]) && Text.hex(b[k + 2])) {
                dec[n++] = (byte) Integer.parseInt(Text.ascii(b, k + 1, k + 3), 16);
                k += 3;
            } else {
                dec[n++] = b[k++];
            }
        }
        map[n] = re;
        keepDecoded(dec, n, map, "decoded from percent-encoding");
        return re;
    }

    private static boolean urlChar(int c) {
        return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>' && c != '\\';
    }

    /** {@code "a" + "b" (+ "c" ...)} at the {@code +} at {@code i}: joins the literals. */
    int concat(byte[] b, int i, int end) {
        int a = i - 1;
        while (a >= 0 && i - a < 8 && (b[a] == ' ' || b[a] == '\t')) a--;
        if (a <= 0 || (b[a] != '"' && b[a] != '\'')) return i;
        byte q1 = b[a];
        int ls = a - 1;
        while (ls >= 0 && a - ls < 256 && b[ls] != q1 && b[ls] != '\n') ls--;
        if (ls < 0 || b[ls] != q1) return i;
        byte[] dec = new byte[2048];
        int[] map = new int[2049];
        int n = 0;
        for (int k = ls + 1; k < a; k++) {
            map[n] = k;
            dec[n++] = b[k];
        }
        int j = i, pieces = 1;
        int stop = i;
        while (pieces < 16) {
            int r = j + 1;
            while (r < end && r - j < 16 && (b[r] == ' ' || b[r] == '\t' || b[r] == '\n' || b[r] == '\r')) r++;
            if (r >= end || (b[r] != '"' && b[r] != '\'')) break;
            byte q = b[r];
            int e = r + 1;
            while (e < end && e - r < 256 && b[e] != q && b[e] != '\n') e++;
            if (e >= end || b[e] != q || n + (e - r) >= dec.length) break;
            for (int k = r + 1; k < e; k++) {
                map[n] = k;
                dec[n++] = b[k];
            }
            pieces++;
            stop = e + 1;
            int nx = stop;
            while (nx < end && nx - stop < 8 && (b[nx] == ' ' || b[nx] == '\t')) nx++;
            if (nx >= end || b[nx] != '+') break;
            j = nx;
        }
        if (pieces < 2) return i;
        map[n] = stop - 1;
        keepDecoded(dec, n, map, "joined from concatenated strings");
        return stop;
    }

    /**
     * {@code ("sk-proj-abc"\n "def...")}: adjacent string literals inside parentheses, over one or
     * several lines, are one string in Python. Joins them, with the text before the parenthesis on
     * its line kept as context ({@code api_key = (}), and scans the result.
     */
    int adjacent(byte[] b, int i, int end) {
        int r = i + 1;
        while (r < end && r - i < 64 && (b[r] == ' ' || b[r] == '\t' || b[r] == '\n' || b[r] == '\r')) r++;
        if (r >= end || (b[r] != '"' && b[r] != '\'')) return i;
        int ls = i;
        while (ls > 0 && i - ls < 128 && b[ls - 1] != '\n') ls--;
        byte[] dec = new byte[2048 + 128];
        int[] map = new int[dec.length + 1];
        int n = 0;
        for (int k = ls; k < i; k++) {
            map[n] = k;
            dec[n++] = b[k];
        }
        map[n] = i;
        dec[n++] = '"';
        int pieces = 0, stop = r;
        while (pieces < 32 && r < end && (b[r] == '"' || b[r] == '\'')) {
            byte q = b[r];
            int e = r + 1;
            while (e < end && e - r < 512 && b[e] != q && b[e] != '\n') {
                if (b[e] == '\\') e++;
                e++;
            }
            if (e >= end || b[e] != q || n + (e - r) >= dec.length - 2) break;
            for (int k = r + 1; k < e; k++) {
                map[n] = k;
                dec[n++] = b[k];
            }
            pieces++;
            stop = e + 1;
            r = stop;
            while (r < end && r - stop < 64 && (b[r] == ' ' || b[r] == '\t' || b[r] == '\n' || b[r] == '\r')) r++;
        }
        if (pieces < 2 || r >= end || (b[r] != ')' && b[r] != ',')) return i;
        map[n] = stop - 1;
        dec[n++] = '"';
        map[n] = stop;
        keepDecoded(dec, n, map, "joined from adjacent strings");
        return stop;
    }

    private void keepDecoded(byte[] dec, int n, int[] map, String note) {
        List<Hit> hits = engine.nested(dec, n);
        for (Hit h : hits) {
            int os = map[h.start()], oe = map[h.end()];
            if (oe - os == h.end() - h.start()) continue;
            engine.out.add(h.at(os, oe, note));
        }
    }
}
