package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook's cell sources are Python (or Markdown) stored as JSON strings: {@code \"} for quotes,
 * one string per line. This decodes each cell's {@code source} (unescaping, joining the lines) and
 * scans it with the same engine as a {@code .py} file, so {@code Client("…")}, {@code api_key="…"}
 * and a PEM key split over lines are seen as they are in code. Each hit is mapped back to the byte
 * of the {@code .ipynb} as stored, and its line; hits the raw pass already reported are not repeated.
 */
public final class NotebookCells {
    private static final int MAX_CELL = 1 << 20;
    private NotebookCells() {
    }

    /** Adds hits (and {@code {offset, line, endLine}} places) found in decoded cell sources. */
    public static void scan(ByteSource src, long limit, List<Hit> found, List<long[]> places, Runnable tick, int max)
            throws IOException {
        List<Hit> hits = new ArrayList<>();
        List<long[]> raw = new ArrayList<>();
        // "source" as a JSON key: outputs and attachments cannot hold an unescaped quote, so a match
        // is a key (in cells, or harmlessly elsewhere); one linear search, no JSON tokenising
        byte[] buf = new byte[1 << 20];
        long pos = 0;
        while (pos < limit) {
            int n = (int) Math.min(buf.length, limit - pos);
            n = readInto(src, pos, buf, n);
            if (n <= 0) break;
            if (tick != null) tick.run();
            int last = n - KEY.length;
            long next = pos + Math.max(1, n - KEY.length);
            for (int i = 0; i <= last; i++) {
                if (buf[i] != '"' || buf[i + 1] != 's' || (i > 0 && buf[i - 1] == '\\')) continue;
                if (!matches(buf, i)) continue;
                long end = source(src, pos + i + KEY.length, limit, hits, raw);
                if (end > pos + n) {
                    next = end;
                    break;
                }
                i = (int) Math.max(i, end - pos - 1);
            }
            if (n < buf.length && pos + n >= limit) break;
            pos = next;
        }
        if (hits.isEmpty()) return;
        long[] lines = linesOf(src, limit, raw);
        for (int k = 0; k < hits.size() && found.size() < max; k++) {
            long[] r = raw.get(k);
            boolean seen = false;
            for (int j = 0; j < found.size() && !seen; j++) {
                long at = places.get(j)[0];
                seen = found.get(j).value().equals(hits.get(k).value()) && at >= r[0] - 8 && at <= r[1];
            }
            if (seen) continue;
            found.add(hits.get(k));
            places.add(new long[]{r[0], lines[2 * k], lines[2 * k + 1]});
        }
    }

    private static final byte[] KEY = "\"source\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean matches(byte[] b, int i) {
        for (int k = 0; k < KEY.length; k++) if (b[i + k] != KEY[k]) return false;
        return true;
    }

    private static int readInto(ByteSource src, long pos, byte[] buf, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = src.read(pos + done, buf, done, n - done);
            if (r <= 0) break;
            done += r;
        }
        return done;
    }

    /** Decodes the value after a {@code "source"} key at {@code at} (a string or an array of strings); returns where it ends. */
    private static long source(ByteSource src, long at, long limit, List<Hit> hits, List<long[]> raw) throws IOException {
        byte[] r = src.readFully(at, (int) Math.min(MAX_CELL, limit - at));
        int i = skipWs(r, 0);
        if (i >= r.length || r[i] != ':') return at + 1;
        i = skipWs(r, i + 1);
        if (i >= r.length) return at + 1;
        Cell cell = new Cell();
        if (r[i] == '"') {
            i = cell.add(r, i, at);
        } else if (r[i] == '[') {
            i = skipWs(r, i + 1);
            while (i < r.length && r[i] == '"') {
                i = cell.add(r, i, at);
                i = skipWs(r, i);
                if (i < r.length && r[i] == ',') i = skipWs(r, i + 1);
            }
        } else {
            return at + 1;
        }
        cell.scan(hits, raw);
        return at + Math.max(1, i);
    }

    private static int skipWs(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        return i;
    }

    /** Line numbers (1-based) of each hit's first and last byte, in one pass. */
    private static long[] linesOf(ByteSource src, long limit, List<long[]> raw) throws IOException {
        long[] out = new long[raw.size() * 2];
        long[][] want = new long[raw.size() * 2][];
        for (int k = 0; k < raw.size(); k++) {
            want[2 * k] = new long[]{raw.get(k)[0], 2 * k};
            want[2 * k + 1] = new long[]{Math.max(raw.get(k)[0], raw.get(k)[1] - 1), 2 * k + 1};
        }
        java.util.Arrays.sort(want, (a, b) -> Long.compare(a[0], b[0]));
        byte[] buf = new byte[1 << 16];
        long pos = 0, line = 1;
        int w = 0;
        while (w < want.length && pos < limit) {
            int n = src.read(pos, buf, 0, (int) Math.min(buf.length, limit - pos));
            if (n <= 0) break;
            for (int i = 0; i < n && w < want.length; i++) {
                while (w < want.length && want[w][0] == pos + i) out[(int) want[w++][1]] = line;
                if (buf[i] == '\n') line++;
            }
            pos += n;
        }
        while (w < want.length) out[(int) want[w++][1]] = line;
        return out;
    }

    /** The decoded text of one cell, with the file offset of each decoded byte. */
    private static final class Cell {
        private byte[] text = new byte[256];
        private long[] at = new long[257];
        private int n;

        /** Unescapes the JSON string whose opening quote is {@code r[q]} ({@code r} starts at file offset {@code base}); returns the index after it. */
        int add(byte[] r, int q, long base) {
            int i = q + 1;
            while (i < r.length && n < MAX_CELL) {
                int c = r[i];
                if (c == '"') return i + 1;
                if (c == '\\' && i + 1 < r.length) {
                    int d = r[i + 1];
                    if (d == 'u' && i + 5 < r.length) {
                        int v;
                        try {
                            v = Integer.parseInt(new String(r, i + 2, 4, java.nio.charset.StandardCharsets.ISO_8859_1), 16);
                        } catch (NumberFormatException e) {
                            v = '?';
                        }
                        put(v < 0x100 ? v : 0x80, base + i);
                        i += 6;
                        continue;
                    }
                    put(switch (d) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> d;
                    }, base + i);
                    i += 2;
                    continue;
                }
                put(c, base + i);
                i++;
            }
            return i;
        }

        private void put(int c, long offset) {
            if (n + 1 >= text.length) {
                text = java.util.Arrays.copyOf(text, text.length * 2);
                at = java.util.Arrays.copyOf(at, at.length * 2);
            }
            text[n] = (byte) c;
            at[n++] = offset;
        }

        /** Scans the decoded cell; adds hits with their {@code {start, end}} in the file. */
        void scan(List<Hit> hits, List<long[]> raw) {
            if (n == 0) return;
            for (Hit h : Engine.scan(text, 0, n, n, null)) {
                long s = at[Math.min(h.start(), n - 1)], e = at[Math.min(Math.max(h.start(), h.end() - 1), n - 1)] + 1;
                hits.add(h.at(h.start(), h.end(), "in a notebook cell"));
                raw.add(new long[]{s, e});
            }
            n = 0;
        }
    }
}
