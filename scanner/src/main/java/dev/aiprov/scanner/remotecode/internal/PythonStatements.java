package dev.aiprov.scanner.remotecode.internal;

import java.io.IOException;
import java.io.Reader;
import java.text.Normalizer;
import java.util.function.Consumer;

/**
 * Splits Python source into logical statements (bracketed and backslash-continued lines joined,
 * comments dropped, {@code ;}-joined statements and the inline body of {@code if x: body} split
 * apart) without executing or importing anything. Reads the source as a stream, so a file of any
 * size costs one statement of memory. Identifiers outside string literals are NFKC-normalised as
 * Python does ({@code ｏｓ} is {@code os}). Each statement keeps its code, a masked copy whose
 * string-literal contents are blanked (so calls are never matched inside strings), its first
 * physical line, the byte offset of that line and its indentation (an inline body is one deeper
 * than its header).
 */
public final class PythonStatements {
    /** Longest statement kept whole; a longer one is passed on in pieces that overlap by {@link #OVERLAP}. */
    static final int MAX_STATEMENT = 16 * 1024;
    static final int OVERLAP = 512;
    private static final java.util.Set<String> COMPOUND = java.util.Set.of("if", "elif", "else", "for", "while",
            "with", "try", "except", "finally", "def", "class", "async");

    public record Statement(String code, String masked, int line, long offset, int indent) {
    }

    /** Bytes a character takes in the file's encoding (for byte offsets of lines). */
    public interface Width {
        int of(char c);
    }

    private final Reader in;
    private final Width width;
    private final Consumer<Statement> out;
    private final Runnable tick;
    private final char[] buf = new char[1 << 16];
    private int pos, len;
    private long chars;

    private final StringBuilder code = new StringBuilder(), masked = new StringBuilder();
    private int line = 1, startLine = 1, indent, pieceIndent;
    private long lineOffset, startOffset, bytePos;
    private int depth;
    private boolean atLineStart = true, header;

    private PythonStatements(Reader in, Width width, Consumer<Statement> out, Runnable tick) {
        this.in = in;
        this.width = width;
        this.out = out;
        this.tick = tick;
    }

    /** Splits {@code in} and hands each statement to {@code out}; {@code tick} runs every 64 Ki characters. */
    public static void split(Reader in, Width width, Consumer<Statement> out, Runnable tick) throws IOException {
        new PythonStatements(in, width, out, tick).run();
    }

    private int peek(int k) throws IOException {
        while (pos + k >= len) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, len - pos);
                len -= pos;
                pos = 0;
            }
            int r = in.read(buf, len, buf.length - len);
            if (r <= 0) return -1;
            len += r;
        }
        return buf[pos + k];
    }

    private int next() throws IOException {
        int c = peek(0);
        if (c < 0) return -1;
        pos++;
        if ((++chars & 0xffff) == 0 && tick != null) tick.run();
        bytePos += width.of((char) c);
        if (c == '\n') {
            line++;
            lineOffset = bytePos;
        }
        return c;
    }

    private void run() throws IOException {
        for (int c = next(); c >= 0; c = next()) {
            if (code.length() == 0 && atLineStart) {
                int ind = 0;
                while (c == ' ' || c == '\t' || c == '\f') {
                    ind += c == '\t' ? 8 : c == ' ' ? 1 : 0;
                    c = next();
                }
                if (c < 0) break;
                indent = ind;
                pieceIndent = ind;
                startLine = line;
                startOffset = lineOffset;
                atLineStart = false;
                header = false;
                if (c == '\n') {
                    atLineStart = true;
                    continue;
                }
            }
            if (code.length() == 0 && (c == ' ' || c == '\t')) continue;
            if (c == '"' || c == '\'') {
                string(c);
                continue;
            }
            switch (c) {
                case '#' -> {
                    while (peek(0) >= 0 && peek(0) != '\n') next();
                }
                case '(', '[', '{' -> {
                    depth++;
                    append(c, c);
                }
                case ')', ']', '}' -> {
                    depth = Math.max(0, depth - 1);
                    append(c, c);
                }
                case '\\' -> {
                    if (peek(0) == '\n') {
                        next();
                        append(' ', ' ');
                    } else if (peek(0) == '\r' && peek(1) == '\n') {
                        next();
                        next();
                        append(' ', ' ');
                    } else {
                        append(c, c);
                    }
                }
                case '\r' -> append(' ', ' ');
                case '\n' -> {
                    if (depth == 0) {
                        flush();
                        atLineStart = true;
                    } else {
                        append(' ', ' ');
                    }
                }
                case ';' -> {
                    if (depth == 0) flush();
                    else append(c, c);
                }
                case ':' -> {
                    append(c, c);
                    if (depth == 0 && !header && peek(0) != '=' && opensCompound()) {
                        header = true;
                        flush();
                        pieceIndent = indent + 1;
                    }
                }
                default -> {
                    if (c >= 0x80) identifierChar(c);
                    else append(c, c);
                }
            }
        }
        flush();
    }

    /** {@code if x: body}: the colon ends a compound statement's header (not a lambda's, a slice's or a dict's). */
    private boolean opensCompound() {
        int i = 0;
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) i++;
        String first = code.substring(0, i);
        if (!COMPOUND.contains(first)) return false;
        if (first.equals("async")) return true;
        return !code.toString().contains("lambda");
    }

    /** A non-ASCII character outside strings: NFKC-normalised (identifiers), surrogate pairs together. */
    private void identifierChar(int c) throws IOException {
        String s;
        if (Character.isHighSurrogate((char) c) && peek(0) >= 0 && Character.isLowSurrogate((char) peek(0))) {
            s = new String(new char[]{(char) c, (char) next()});
        } else {
            s = String.valueOf((char) c);
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        for (int k = 0; k < n.length(); k++) append(n.charAt(k), n.charAt(k));
    }

    /** A string literal from its opening quote: kept in {@code code}, blanked in {@code masked}. */
    private void string(int quote) throws IOException {
        boolean triple = peek(0) == quote && peek(1) == quote;
        int n = triple ? 3 : 1;
        for (int k = 0; k < n; k++) append(quote, quote);
        if (triple) {
            next();
            next();
        }
        for (int c = next(); c >= 0; c = next()) {
            if (c == '\\') {
                append(c, ' ');
                int d = next();
                if (d < 0) return;
                append(d, d == '\n' ? '\n' : ' ');
                continue;
            }
            if (c == quote && (!triple || (peek(0) == quote && peek(1) == quote))) {
                if (triple) {
                    next();
                    next();
                }
                for (int k = 0; k < n; k++) append(quote, quote);
                return;
            }
            if (c == '\n' && !triple) {
                // unterminated single-quoted string: the line ends the statement as Python's tokenizer would
                depth = 0;
                flush();
                atLineStart = true;
                return;
            }
            append(c, c == '\n' ? '\n' : ' ');
        }
    }

    private void append(int c, int m) {
        if (code.length() >= MAX_STATEMENT) {
            String keepCode = code.substring(code.length() - OVERLAP), keepMasked = masked.substring(masked.length() - OVERLAP);
            emit();
            code.append(keepCode);
            masked.append(keepMasked);
        }
        code.append((char) c);
        masked.append((char) m);
    }

    private void emit() {
        String c = code.toString().strip();
        if (!c.isEmpty()) out.accept(new Statement(c, masked.toString().strip(), startLine, startOffset, pieceIndent));
        code.setLength(0);
        masked.setLength(0);
        startLine = line;
        startOffset = lineOffset;
    }

    private void flush() {
        emit();
    }
}
