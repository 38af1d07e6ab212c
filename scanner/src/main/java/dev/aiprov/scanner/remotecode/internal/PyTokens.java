package dev.aiprov.scanner.remotecode.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of one logical Python statement (as produced by {@link PythonStatements}): names, numbers,
 * string literals with their decoded value (null for f-strings with fields and other values that
 * are not constant), and operators.
 */
final class PyTokens {
    enum Type { NAME, NUMBER, STRING, OP }

    record Tok(Type type, String text, String value) {
        boolean isName() {
            return type == Type.NAME;
        }

        boolean isName(String s) {
            return type == Type.NAME && text.equals(s);
        }

        boolean isString() {
            return type == Type.STRING;
        }

        boolean isNumber() {
            return type == Type.NUMBER;
        }

        boolean isOp(String s) {
            return type == Type.OP && text.equals(s);
        }
    }

    private static final String[] TWO = {"**", "//", "==", "!=", "<=", ">=", ":=", "->", "<<", ">>", "+=", "-=", "*=",
            "/=", "|=", "&=", "^=", "%="};

    private PyTokens() {
    }

    static List<Tok> lex(String s) {
        List<Tok> out = new ArrayList<>();
        int n = s.length(), i = 0;
        while (i < n && out.size() < 20_000) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                i++;
                continue;
            }
            int q = quoteAfterPrefix(s, i);
            if (q >= 0) {
                i = string(s, i, q, out);
                continue;
            }
            if (Character.isJavaIdentifierStart(c) && c != '$') {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(s.charAt(j)) && s.charAt(j) != '$') j++;
                out.add(new Tok(Type.NAME, s.substring(i, j), null));
                i = j;
                continue;
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) j++;
                out.add(new Tok(Type.NUMBER, s.substring(i, j), null));
                i = j;
                continue;
            }
            String op = String.valueOf(c);
            if (i + 1 < n) {
                String two = s.substring(i, i + 2);
                for (String t : TWO) if (t.equals(two)) op = two;
            }
            out.add(new Tok(Type.OP, op, null));
            i += op.length();
        }
        return out;
    }

    /** Index of the opening quote when a (prefixed) string literal starts at {@code i}, else -1. */
    private static int quoteAfterPrefix(String s, int i) {
        if (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) return -1;
        int j = i;
        while (j < s.length() && j - i < 2 && "rRbBuUfF".indexOf(s.charAt(j)) >= 0) j++;
        return j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'') ? j : -1;
    }

    private static int string(String s, int start, int q, List<Tok> out) {
        String prefix = s.substring(start, q).toLowerCase();
        boolean raw = prefix.contains("r"), fmt = prefix.contains("f");
        char quote = s.charAt(q);
        boolean triple = q + 2 < s.length() && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote;
        int i = q + (triple ? 3 : 1), n = s.length();
        StringBuilder v = new StringBuilder();
        boolean known = true;
        while (i < n) {
            char c = s.charAt(i);
            if (c == quote && (!triple || (i + 2 < n && s.charAt(i + 1) == quote && s.charAt(i + 2) == quote))) {
                i += triple ? 3 : 1;
                break;
            }
            if (c == '\\' && i + 1 < n) {
                char d = s.charAt(i + 1);
                if (raw) {
                    v.append(c).append(d);
                    i += 2;
                    continue;
                }
                i += 2;
                switch (d) {
                    case 'n' -> v.append('\n');
                    case 't' -> v.append('\t');
                    case 'r' -> v.append('\r');
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int j = i - 1, val = 0;
                        while (j < n && j < i + 2 && s.charAt(j) >= '0' && s.charAt(j) <= '7') val = val * 8 + (s.charAt(j++) - '0');
                        v.append((char) val);
                        i = j;
                    }
                    case 'x' -> i = hex(s, i, 2, v);
                    case 'u' -> i = hex(s, i, 4, v);
                    case 'U' -> i = hex(s, i, 8, v);
                    case '\n' -> {
                    }
                    default -> {
                        if (d == '\\' || d == '\'' || d == '"') v.append(d);
                        else v.append('\\').append(d);
                    }
                }
                continue;
            }
            if (fmt && (c == '{' || c == '}')) {
                if (i + 1 < n && s.charAt(i + 1) == c) {
                    v.append(c);
                    i += 2;
                    continue;
                }
                known = false;
            }
            v.append(c);
            i++;
        }
        out.add(new Tok(Type.STRING, s.substring(start, Math.min(i, n)), known ? v.toString() : null));
        return i;
    }

    private static int hex(String s, int i, int digits, StringBuilder v) {
        if (i + digits > s.length()) return i;
        try {
            int cp = Integer.parseInt(s.substring(i, i + digits), 16);
            v.appendCodePoint(cp);
            return i + digits;
        } catch (IllegalArgumentException e) {
            return i;
        }
    }

    /** The source text of tokens {@code [from, to)}, single-spaced. */
    static String text(List<Tok> toks, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = Math.max(0, from); k < Math.min(to, toks.size()) && sb.length() < 4096; k++) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(toks.get(k).text());
        }
        return sb.toString();
    }
}
