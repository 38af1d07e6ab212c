package dev.aiprov.graph;

import org.neo4j.driver.summary.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a user query in {@code aiprov query} may do: read the graph and nothing else. Checked twice,
 * so that neither check alone has to be perfect: on the query's tokens (comments, strings and
 * back-quoted names are read as Cypher reads them, so no spacing, case or comment trick hides a
 * keyword), and on the {@code EXPLAIN} plan's operators. Refused: {@code LOAD CSV} (reads files and
 * URLs), {@code USE} (another database), {@code CALL … IN TRANSACTIONS}, administration commands,
 * every procedure outside {@link #PROCEDURES} and every namespaced function outside
 * {@link #FUNCTION_NAMESPACES}.
 */
final class QueryGuard {
    /** Read-only procedures that only describe the graph's schema. */
    static final Set<String> PROCEDURES = Set.of("db.labels", "db.relationshiptypes", "db.propertykeys",
            "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties");
    /** Namespaces of Cypher's built-in functions (temporal, spatial, vector); nothing in them does I/O. */
    static final Set<String> FUNCTION_NAMESPACES = Set.of("date", "datetime", "localdatetime", "localtime", "time",
            "duration", "point", "vector", "vector.similarity");
    /** A query starts with a clause that reads ({@code LOAD} only to be refused with its own reason). */
    private static final Set<String> FIRST_CLAUSES = Set.of("match", "optional", "with", "unwind", "return", "call", "load");
    private static final String ONLY = "; aiprov query only reads the graph";

    private QueryGuard() {
    }

    /** Refuses a query by its tokens; throws {@link QueryRejectedException}. */
    static void checkText(String cypher) {
        List<Token> t = tokens(cypher);
        if (t.isEmpty()) throw refused("the query is empty");
        if (!t.get(0).isWord() || !FIRST_CLAUSES.contains(t.get(0).lower())) {
            throw refused("only read-only Cypher is allowed, and it starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, "
                    + "RETURN or CALL, not '" + clip(t.get(0).text()) + "'");
        }
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (!k.isWord()) continue;
            String w = k.lower();
            if (w.equals("load") && next(t, i).isWord() && next(t, i).lower().equals("csv")) {
                throw refused("LOAD CSV reads files and URLs");
            }
            if (w.equals("use")) throw refused("USE switches to another database");
            if (w.equals("transactions") && i > 0 && t.get(i - 1).isWord()
                    && Set.of("in", "concurrent").contains(t.get(i - 1).lower())) {
                throw refused("CALL { … } IN TRANSACTIONS commits on its own");
            }
            if (w.equals("call") && (next(t, i).isName())) {
                int end = dottedEnd(t, i + 1);
                String name = dotted(t, i + 1, end);
                if (!PROCEDURES.contains(name.toLowerCase(Locale.ROOT))) {
                    throw refused("procedure " + clip(name) + " is not allowed (allowed: db.labels, db.relationshipTypes, "
                            + "db.propertyKeys, db.schema.*)");
                }
                i = end - 1;
                continue;
            }
            if (k.isName()) {
                int end = dottedEnd(t, i);
                if (end - i > 1 && end < t.size() && t.get(end).is("(")) {
                    String name = dotted(t, i, end);
                    String ns = name.substring(0, name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
                    if (!FUNCTION_NAMESPACES.contains(ns)) throw refused("function " + clip(name) + " is not allowed");
                }
                i = Math.max(i, end - 1);
            }
        }
    }

    /** Refuses a query by the operators of its {@code EXPLAIN} plan. */
    static void checkPlan(Plan plan) {
        String op = plan.operatorType();
        int at = op.indexOf('@');
        String type = (at < 0 ? op : op.substring(0, at)).toLowerCase(Locale.ROOT);
        if (type.equals("loadcsv")) throw refused("LOAD CSV reads files and URLs");
        if (type.startsWith("transaction")) throw refused("CALL { … } IN TRANSACTIONS commits on its own");
        if (type.contains("procedurecall")) {
            var details = plan.arguments().get("Details");
            String d = details == null ? "" : details.asString().strip();
            int paren = d.indexOf('(');
            String name = (paren < 0 ? d : d.substring(0, paren)).strip().toLowerCase(Locale.ROOT);
            if (!PROCEDURES.contains(name)) throw refused("procedure " + clip(name) + " is not allowed");
        }
        for (Plan child : plan.children()) checkPlan(child);
    }

    private static QueryRejectedException refused(String why) {
        return new QueryRejectedException("query refused: " + why + ONLY, null);
    }

    private static String clip(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 60 ? c.substring(0, 60) + "…" : c;
    }

    private static Token next(List<Token> t, int i) {
        return i + 1 < t.size() ? t.get(i + 1) : Token.END;
    }

    /** Index after a name {@code a.b.c} starting at {@code from}. */
    private static int dottedEnd(List<Token> t, int from) {
        int j = from + 1;
        while (j + 1 < t.size() && t.get(j).is(".") && t.get(j + 1).isName()) j += 2;
        return j;
    }

    private static String dotted(List<Token> t, int from, int end) {
        StringBuilder b = new StringBuilder();
        for (int j = from; j < end; j++) b.append(t.get(j).isName() ? t.get(j).text() : ".");
        return b.toString();
    }

    /** A token: a word (keyword or name), a back-quoted name, a literal, or one punctuation character. */
    record Token(Kind kind, String text) {
        enum Kind { WORD, QUOTED_NAME, LITERAL, PUNCT, END }

        static final Token END = new Token(Kind.END, "");

        boolean isWord() {
            return kind == Kind.WORD;
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }

        boolean is(String p) {
            return kind == Kind.PUNCT && text.equals(p);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Cypher's lexical structure: whitespace and {@code //} and {@code /* *}{@code /} comments
     * separate tokens; strings ({@code '…'}, {@code "…"} with backslash escapes) and back-quoted
     * names ({@code `…`}, {@code ``} inside) are single tokens. An unterminated one is refused.
     */
    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) throw refused("unterminated comment");
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
                if (j >= n) throw refused("unterminated string");
                out.add(new Token(Token.Kind.LITERAL, s.substring(i, j + 1)));
                i = j + 1;
            } else if (c == '`') {
                StringBuilder name = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) throw refused("unterminated `name`");
                    if (s.charAt(j) == '`') {
                        if (j + 1 < n && s.charAt(j + 1) == '`') {
                            name.append('`');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(s.charAt(j++));
                }
                out.add(new Token(Token.Kind.QUOTED_NAME, name.toString()));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) j++;
                out.add(new Token(Token.Kind.WORD, s.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                out.add(new Token(Token.Kind.LITERAL, s.substring(i, j)));
                i = j;
            } else {
                out.add(new Token(Token.Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }
}
