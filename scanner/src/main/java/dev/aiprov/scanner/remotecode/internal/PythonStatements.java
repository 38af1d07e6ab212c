package dev.aiprov.scanner.remotecode.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Python source into logical statements (bracketed and backslash-continued lines joined,
 * comments dropped) without executing or importing anything. Each statement keeps its code, a
 * masked copy whose string-literal contents are blanked (so calls are never matched inside
 * strings), its first physical line, the byte offset of that line and its indentation.
 */
public final class PythonStatements {
    /** Longest statement kept; longer ones are truncated (the rest of the file is still split). */
    static final int MAX_STATEMENT = 16 * 1024;

    public record Statement(String code, String masked, int line, long offset, int indent) {
    }

    private PythonStatements() {
    }

    public static List<Statement> split(String src, long[] lineOffsets, Runnable tick) {
        List<Statement> out = new ArrayList<>();
        StringBuilder code = new StringBuilder(), masked = new StringBuilder();
        int depth = 0, line = 1, startLine = 1, indent = 0;
        boolean atLineStart = true, inComment = false;
        char quote = 0;
        boolean triple = false;
        int n = src.length();
        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0 && tick != null) tick.run();
            char c = src.charAt(i);
            if (code.length() == 0 && atLineStart && quote == 0) {
                int k = i, ind = 0;
                while (k < n && (src.charAt(k) == ' ' || src.charAt(k) == '\t')) {
                    ind += src.charAt(k) == '\t' ? 8 : 1;
                    k++;
                }
                indent = ind;
                startLine = line;
                i = k;
                if (i >= n) break;
                c = src.charAt(i);
                atLineStart = false;
            }
            if (c == '\n') line++;
            if (quote != 0) {
                if (c == '\\' && i + 1 < n) {
                    append(code, masked, c, ' ');
                    char d = src.charAt(++i);
                    if (d == '\n') line++;
                    append(code, masked, d, ' ');
                    continue;
                }
                if (c == quote && (!triple || (i + 2 < n && src.charAt(i + 1) == quote && src.charAt(i + 2) == quote))) {
                    int len = triple ? 3 : 1;
                    for (int k = 0; k < len; k++) append(code, masked, quote, quote);
                    i += len - 1;
                    quote = 0;
                    continue;
                }
                if (c == '\n' && !triple) quote = 0;
                append(code, masked, c, c == '\n' ? '\n' : ' ');
                continue;
            }
            if (inComment) {
                if (c != '\n') continue;
                inComment = false;
            }
            switch (c) {
                case '#' -> inComment = true;
                case '"', '\'' -> {
                    triple = i + 2 < n && src.charAt(i + 1) == c && src.charAt(i + 2) == c;
                    quote = c;
                    int len = triple ? 3 : 1;
                    for (int k = 0; k < len; k++) append(code, masked, c, c);
                    i += len - 1;
                }
                case '(', '[', '{' -> {
                    depth++;
                    append(code, masked, c, c);
                }
                case ')', ']', '}' -> {
                    depth = Math.max(0, depth - 1);
                    append(code, masked, c, c);
                }
                case '\\' -> {
                    if (i + 1 < n && src.charAt(i + 1) == '\n') {
                        i++;
                        line++;
                        append(code, masked, ' ', ' ');
                    } else {
                        append(code, masked, c, c);
                    }
                }
                case '\n' -> {
                    if (depth == 0) {
                        flush(out, code, masked, startLine, lineOffsets, indent);
                        atLineStart = true;
                    } else {
                        append(code, masked, ' ', ' ');
                    }
                }
                default -> append(code, masked, c, c);
            }
        }
        flush(out, code, masked, startLine, lineOffsets, indent);
        return out;
    }

    private static void append(StringBuilder code, StringBuilder masked, char c, char m) {
        if (code.length() >= MAX_STATEMENT) return;
        code.append(c);
        masked.append(m);
    }

    private static void flush(List<Statement> out, StringBuilder code, StringBuilder masked, int line, long[] offsets, int indent) {
        if (code.toString().isBlank()) {
            code.setLength(0);
            masked.setLength(0);
            return;
        }
        long off = line - 1 < offsets.length ? offsets[line - 1] : -1;
        out.add(new Statement(code.toString().strip(), masked.toString().strip(), line, off, indent));
        code.setLength(0);
        masked.setLength(0);
    }
}
