package dev.aiprov.scanner.secrets.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.aiprov.scanner.archive.SourceInputStream;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.io.InputStream;
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
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256)
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private NotebookCells() {
    }

    /** Adds hits (and {@code {offset, line, endLine}} places) found in decoded cell sources. */
    public static void scan(ByteSource src, long limit, List<Hit> found, List<long[]> places, Runnable tick, int max)
            throws IOException {
        List<Hit> hits = new ArrayList<>();
        List<long[]> raw = new ArrayList<>();
        try (InputStream in = new SourceInputStream(src, 0, limit); JsonParser p = JSON.createParser(in)) {
            int depth = 0, cellsDepth = -1, count = 0;
            boolean inSource = false;
            Cell cell = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if ((++count & 0xffff) == 0 && tick != null) tick.run();
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (inSource && t == JsonToken.END_ARRAY && depth == cellsDepth + 2) {
                            inSource = false;
                            cell.scan(hits, raw);
                        }
                        if (depth <= cellsDepth) cellsDepth = -1;
                    }
                    case FIELD_NAME -> {
                        String name = p.currentName();
                        if (depth == 1 && name.equals("cells")) cellsDepth = 1;
                        else if (cellsDepth == 1 && depth == 3 && name.equals("source")) {
                            JsonToken v = p.nextToken();
                            cell = new Cell(src);
                            if (v == JsonToken.VALUE_STRING) {
                                cell.add(p.currentTokenLocation().getByteOffset());
                                cell.scan(hits, raw);
                            } else if (v == JsonToken.START_ARRAY) {
                                depth++;
                                inSource = true;
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case VALUE_STRING -> {
                        if (inSource && depth == cellsDepth + 3) cell.add(p.currentTokenLocation().getByteOffset());
                    }
                    default -> {
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // not a well-formed notebook: the raw pass has judged it
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
        private final ByteSource src;
        private byte[] text = new byte[256];
        private long[] at = new long[257];
        private int n;

        Cell(ByteSource src) {
            this.src = src;
        }

        /** Unescapes the JSON string whose opening quote is at {@code quote}. */
        void add(long quote) throws IOException {
            long pos = quote + 1;
            byte[] buf = src.readFully(pos, (int) Math.min(MAX_CELL, Math.max(0, src.size() - pos)));
            for (int i = 0; i < buf.length && n < MAX_CELL; ) {
                int c = buf[i];
                if (c == '"') return;
                if (c == '\\' && i + 1 < buf.length) {
                    int d = buf[i + 1];
                    if (d == 'u' && i + 5 < buf.length) {
                        int v;
                        try {
                            v = Integer.parseInt(new String(buf, i + 2, 4, java.nio.charset.StandardCharsets.ISO_8859_1), 16);
                        } catch (NumberFormatException e) {
                            v = '?';
                        }
                        put(v < 0x80 ? v : v < 0x100 ? v : 0x80, pos + i);
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
                    }, pos + i);
                    i += 2;
                    continue;
                }
                put(c, pos + i);
                i++;
            }
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
