package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps byte offsets of a Jupyter notebook (JSON as stored) to {@code cell 3, output 0}, {@code cell 2,
 * source} or {@code cell 5, attachment image.png}: one streaming pass of a minimal JSON lexer that
 * tracks the container path (depth capped), run only when a notebook has findings.
 */
public final class NotebookLocator {
    private static final int MAX_DEPTH = 64;

    private NotebookLocator() {
    }

    /** {@code offsets} must be sorted ascending; returns a description for each offset it could place. */
    public static Map<Long, String> locate(ByteSource src, long limit, long[] offsets, Runnable tick) throws IOException {
        Map<Long, String> out = new HashMap<>();
        if (offsets.length == 0) return out;
        boolean[] isArray = new boolean[MAX_DEPTH];
        int[] index = new int[MAX_DEPTH];
        String[] key = new String[MAX_DEPTH];
        boolean[] expectKey = new boolean[MAX_DEPTH];
        int depth = -1;
        boolean inString = false, escape = false, stringIsKey = false;
        StringBuilder str = new StringBuilder();
        int next = 0;
        byte[] buf = new byte[1 << 16];
        long pos = 0;
        long size = Math.min(limit, src.size());
        while (pos < size && next < offsets.length) {
            int n = src.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
            if (n <= 0) break;
            if (tick != null) tick.run();
            for (int i = 0; i < n && next < offsets.length; i++) {
                long abs = pos + i;
                while (next < offsets.length && offsets[next] <= abs) {
                    if (offsets[next] == abs) out.put(abs, describe(isArray, index, key, depth));
                    next++;
                }
                if (next >= offsets.length) break;
                int c = buf[i];
                if (inString && !escape && !stringIsKey) {
                    // fast path through string contents (base64 outputs): stop at a quote, a backslash or the next offset
                    int stop = (int) Math.min(n, offsets[next] - pos);
                    while (i < stop && buf[i] != '"' && buf[i] != '\\') i++;
                    if (i >= stop) {
                        i--;
                        continue;
                    }
                    c = buf[i];
                }
                if (inString) {
                    if (escape) escape = false;
                    else if (c == '\\') escape = true;
                    else if (c == '"') {
                        inString = false;
                        if (stringIsKey && depth >= 0) {
                            key[depth] = str.toString();
                            expectKey[depth] = false;
                        }
                    } else if (stringIsKey && str.length() < 64) str.append((char) (c & 0xff));
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        inString = true;
                        stringIsKey = depth >= 0 && depth < MAX_DEPTH && !isArray[depth] && expectKey[depth];
                        str.setLength(0);
                    }
                    case '{', '[' -> {
                        depth++;
                        if (depth < MAX_DEPTH) {
                            isArray[depth] = c == '[';
                            index[depth] = 0;
                            key[depth] = null;
                            expectKey[depth] = c == '{';
                        }
                    }
                    case '}', ']' -> depth = Math.max(-1, depth - 1);
                    case ',' -> {
                        if (depth >= 0 && depth < MAX_DEPTH) {
                            if (isArray[depth]) index[depth]++;
                            else expectKey[depth] = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            pos += n;
        }
        return out;
    }

    /** Path {@code {cells:[ {outputs:[ ...} ]} ]}: depth 0 object, 1 cells array, 2 cell, 3 outputs/attachments. */
    private static String describe(boolean[] isArray, int[] index, String[] key, int depth) {
        if (depth < 2 || !"cells".equals(key[0]) || !isArray[1] || isArray[2]) {
            return depth >= 0 && key[0] != null && !"cells".equals(key[0]) ? "notebook " + key[0] : "";
        }
        StringBuilder sb = new StringBuilder("cell ").append(index[1]);
        String k = key[2];
        if (k == null) return sb.toString();
        if (k.equals("outputs") && depth >= 3 && isArray[3]) sb.append(", output ").append(index[3]);
        else if (k.equals("attachments") && depth >= 3 && key[3] != null) sb.append(", attachment ").append(key[3]);
        else sb.append(", ").append(k);
        return sb.toString();
    }
}
