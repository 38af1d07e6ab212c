package dev.aiprov.scanner.remotecode.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small symbolic evaluator for one Python statement: it never runs anything, it only works out
 * what names and strings simple expressions denote. Strings are folded ({@code 'o' + 's'},
 * {@code 'so'[::-1]}, {@code ''.join(['o', 's'])}, adjacent literals), and module and attribute
 * references are followed through aliases, star imports, {@code importlib.import_module},
 * {@code __import__}, {@code sys.modules[...]}, {@code getattr}, {@code vars(m)[...]},
 * {@code m.__dict__[...]}, {@code __builtins__[...]} and {@code ctypes.CDLL(...)}. Every call and
 * every dynamic access is reported as an {@link Event}; unknown values stay unknown.
 */
public final class PyEval {
    /** What an expression denotes: a dotted reference, a string, a list of strings, or nothing known. */
    public record Val(String ref, String str, List<String> strs) {
        static final Val UNKNOWN = new Val(null, null, null);

        public static Val reference(String r) {
            return new Val(r, null, null);
        }

        public static Val string(String s) {
            return new Val(null, s, null);
        }
    }

    public enum Kind { CALL, DYNAMIC_IMPORT, DYNAMIC_ATTRIBUTE }

    /**
     * {@code CALL}: {@code target} was called; {@code literalArg} is the first argument when it is a
     * string literal, {@code args} the argument text. {@code DYNAMIC_*}: a computed import or attribute
     * reached {@code target} (null when it could not be resolved) on {@code base}.
     */
    public record Event(Kind kind, String target, String base, String literalArg, boolean literal, String args) {
    }

    private static final Set<String> KEYWORDS = Set.of("def", "class", "if", "else", "elif", "for", "while", "in",
            "not", "and", "or", "is", "return", "lambda", "with", "as", "try", "except", "finally", "raise", "yield",
            "await", "async", "import", "from", "pass", "break", "continue", "global", "nonlocal", "del", "assert",
            "None", "True", "False", "match", "case");
    private static final Set<String> BUILTIN_FUNCS = Set.of("exec", "eval", "compile", "__import__", "getattr",
            "open", "vars", "globals", "locals", "setattr");
    private static final Set<String> LOADERS = Set.of("ctypes.CDLL", "ctypes.PyDLL", "ctypes.cdll.LoadLibrary",
            "ctypes.pydll.LoadLibrary", "ctypes.LibraryLoader", "ctypes.WinDLL", "ctypes.windll.LoadLibrary",
            "ctypes.util.find_library", "cffi.FFI.dlopen");

    /** A module or value looked up with a computed key: reported only when it is then used. */
    private static final String LAZY = "?lookup:";
    private final Map<String, Val> names;
    private final List<String> starModules;
    private final List<Event> events = new ArrayList<>();
    private List<PyTokens.Tok> toks;
    private int i;

    public PyEval(Map<String, Val> names, List<String> starModules) {
        this.names = names;
        this.starModules = starModules;
    }

    public static Map<String, Val> newScope() {
        return new HashMap<>();
    }

    /** Evaluates every expression of {@code code}; returns the events in source order. */
    public List<Event> statement(String code) {
        toks = PyTokens.lex(code);
        events.clear();
        bindComprehensions();
        i = 0;
        while (i < toks.size()) {
            PyTokens.Tok t = toks.get(i);
            if (t.isName("def") || t.isName("class")) {
                i += 2; // the name being defined is not a call
                continue;
            }
            if (t.isName() && i + 1 < toks.size() && toks.get(i + 1).isOp("=") && i > 0 && (toks.get(i - 1).isOp("(")
                    || toks.get(i - 1).isOp(","))) {
                i += 2; // keyword argument or default: name=
                continue;
            }
            if (startsExpr(t)) expr();
            else i++;
        }
        return List.copyOf(events);
    }

    /** {@code [getattr(m, a) for a in "O_RDONLY O_WRONLY".split()]}: binds {@code a} to its candidates first. */
    private void bindComprehensions() {
        for (int k = 0; k + 3 < toks.size(); k++) {
            if (!toks.get(k).isName("for") || !toks.get(k + 1).isName() || !toks.get(k + 2).isName("in")) continue;
            i = k + 3;
            List<Event> before = new ArrayList<>(events);
            Val v = startsExpr(toks.get(i)) ? expr() : Val.UNKNOWN;
            events.clear();
            events.addAll(before);
            if (v.strs() != null) names.put(toks.get(k + 1).text(), v);
        }
    }

    /** Evaluates {@code code} as one expression (a decorator, an assignment's right side). */
    public Val expression(String code) {
        toks = PyTokens.lex(code);
        i = 0;
        events.clear();
        return i < toks.size() && startsExpr(toks.get(i)) ? expr() : Val.UNKNOWN;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    private static boolean startsExpr(PyTokens.Tok t) {
        return (t.isName() && !KEYWORDS.contains(t.text())) || t.isString() || t.isOp("(") || t.isOp("[")
                || t.isNumber();
    }

    private Val expr() {
        Val v = primary();
        while (i < toks.size() && toks.get(i).isOp("+") && i + 1 < toks.size() && startsExpr(toks.get(i + 1))) {
            i++;
            Val r = primary();
            v = concat(v, r);
        }
        return v;
    }

    /** {@code 'a' + 'b'}, and {@code "pkg." + name} over a name's candidates ({@code for name in (...)}). */
    private static Val concat(Val l, Val r) {
        if (l.str() != null && r.str() != null) return Val.string(l.str() + r.str());
        if (l.str() != null && r.strs() != null) return new Val(null, null, r.strs().stream().map(l.str()::concat).toList());
        if (l.strs() != null && r.str() != null) return new Val(null, null, l.strs().stream().map(x -> x + r.str()).toList());
        return Val.UNKNOWN;
    }

    private Val primary() {
        Val v = atom();
        while (i < toks.size()) {
            PyTokens.Tok t = toks.get(i);
            if (v.ref() != null && v.ref().startsWith(LAZY) && (t.isOp(".") || t.isOp("("))) {
                events.add(new Event(Kind.DYNAMIC_ATTRIBUTE, null, v.ref().substring(LAZY.length()), null, false,
                        PyTokens.text(toks, Math.max(0, i - 4), i + 2)));
                v = Val.UNKNOWN;
            }
            if (t.isOp(".") && i + 1 < toks.size() && toks.get(i + 1).isName()) {
                String attr = toks.get(i + 1).text();
                i += 2;
                v = v.ref() != null ? Val.reference(v.ref() + "." + attr)
                        : v.str() != null ? new Val("str." + attr, v.str(), null) : Val.UNKNOWN;
            } else if (t.isOp("(")) {
                v = call(v);
            } else if (t.isOp("[")) {
                v = subscript(v);
            } else {
                break;
            }
        }
        return v;
    }

    private Val atom() {
        PyTokens.Tok t = toks.get(i++);
        if (t.isString()) {
            StringBuilder s = new StringBuilder();
            boolean known = true;
            for (PyTokens.Tok u = t; ; u = toks.get(i++)) {
                if (u.value() == null) known = false;
                else s.append(u.value());
                if (i >= toks.size() || !toks.get(i).isString()) break;
            }
            return known ? Val.string(s.toString()) : Val.UNKNOWN;
        }
        if (t.isNumber()) return Val.UNKNOWN;
        if (t.isOp("(")) {
            Val inner = Val.UNKNOWN;
            int items = 0;
            List<String> strs = new ArrayList<>();
            while (i < toks.size() && !toks.get(i).isOp(")")) {
                if (startsExpr(toks.get(i))) {
                    inner = expr();
                    items++;
                    if (inner.str() != null) strs.add(inner.str());
                } else i++;
            }
            i++;
            if (items > 1 && strs.size() == items) return new Val(null, null, strs);
            return items == 1 ? inner : Val.UNKNOWN;
        }
        if (t.isOp("[")) {
            List<String> strs = new ArrayList<>();
            boolean allStr = true;
            while (i < toks.size() && !toks.get(i).isOp("]")) {
                if (startsExpr(toks.get(i))) {
                    Val e = expr();
                    if (e.str() == null) allStr = false;
                    else strs.add(e.str());
                } else {
                    if (!toks.get(i).isOp(",")) allStr = false;
                    i++;
                }
            }
            i++;
            return allStr ? new Val(null, null, strs) : Val.UNKNOWN;
        }
        return name(t.text());
    }

    private Val name(String n) {
        Val bound = names.get(n);
        if (bound != null) return bound;
        if (n.equals("__builtins__") || n.equals("builtins")) return Val.reference("builtins");
        if (n.equals("__name__")) return Val.string("__main__");
        for (String m : starModules) {
            if (Dangerous.isDangerous(m + "." + n)) return Val.reference(m + "." + n);
        }
        return Val.reference(n);
    }

    /** {@code builtins.exec} and {@code __builtins__.exec} are {@code exec}. */
    public static String canonical(String ref) {
        if (ref == null) return null;
        if (ref.startsWith("builtins.")) {
            String rest = ref.substring(9);
            if (BUILTIN_FUNCS.contains(rest)) return rest;
        }
        return ref;
    }

    private Val call(Val callee) {
        int open = i;
        i++;
        List<Val> args = new ArrayList<>();
        while (i < toks.size() && !toks.get(i).isOp(")")) {
            PyTokens.Tok t = toks.get(i);
            if (t.isName() && i + 1 < toks.size() && toks.get(i + 1).isOp("=")) {
                i += 2;
                if (i < toks.size() && startsExpr(toks.get(i))) expr();
            } else if (t.isOp("*") || t.isOp("**")) {
                i++;
                if (i < toks.size() && startsExpr(toks.get(i))) expr();
                args.add(Val.UNKNOWN);
            } else if (startsExpr(t)) {
                args.add(expr());
            } else {
                i++;
            }
        }
        int close = Math.min(i, toks.size());
        i++;
        String argText = PyTokens.text(toks, open + 1, close);
        String ref = canonical(callee.ref());
        Val a0 = args.isEmpty() ? Val.UNKNOWN : args.get(0);
        Val a1 = args.size() < 2 ? Val.UNKNOWN : args.get(1);
        if (callee.str() != null && "str.join".equals(ref)) {
            return a0.strs() != null ? Val.string(String.join(callee.str(), a0.strs())) : Val.UNKNOWN;
        }
        if (callee.str() != null && ref != null && ref.startsWith("str.")) {
            return switch (ref) {
                case "str.split" -> args.isEmpty() ? new Val(null, null, List.of(callee.str().strip().split("\\s+")))
                        : a0.str() != null && !a0.str().isEmpty()
                        ? new Val(null, null, List.of(callee.str().split(java.util.regex.Pattern.quote(a0.str()))))
                        : Val.UNKNOWN;
                case "str.strip", "str.lower", "str.format" -> ref.equals("str.lower") ? Val.string(callee.str().toLowerCase())
                        : ref.equals("str.strip") ? Val.string(callee.str().strip()) : Val.UNKNOWN;
                default -> Val.UNKNOWN;
            };
        }
        if (ref == null) return Val.UNKNOWN;
        events.add(new Event(Kind.CALL, ref, null, a0.str(), !args.isEmpty() && a0.str() != null, argText));
        switch (ref) {
            case "importlib.import_module", "__import__", "importlib.__import__" -> {
                if (a0.str() == null && a0.strs() != null) {
                    // for name in ("urllib3", "idna"): __import__(name) -- each candidate is judged by its use
                    for (String m : a0.strs()) events.add(new Event(Kind.DYNAMIC_IMPORT, m, ref, null, false, argText));
                    return Val.UNKNOWN;
                }
                if (a0.str() == null) {
                    if (!packageScoped(toks, open + 1, ref.equals("importlib.import_module"))) events.add(new Event(Kind.DYNAMIC_IMPORT, null, ref, null, false, argText));
                    return Val.UNKNOWN;
                }
                String mod = a0.str();
                if (ref.equals("__import__") && args.size() < 4) mod = mod.split("\\.")[0];
                events.add(new Event(Kind.DYNAMIC_IMPORT, mod, ref, null, false, argText));
                return Val.reference(mod);
            }
            case "getattr" -> {
                if (a0.ref() == null) return Val.UNKNOWN;
                String base = canonical(a0.ref());
                if (a1.str() == null && a1.strs() != null) {
                    for (String c : a1.strs()) {
                        String target = canonical(base + "." + c);
                        if (Dangerous.isDangerous(target)) {
                            events.add(new Event(Kind.DYNAMIC_ATTRIBUTE, target, base, null, false, argText));
                            return Val.reference(target);
                        }
                    }
                    return Val.UNKNOWN;
                }
                if (a1.str() == null) {
                    events.add(new Event(Kind.DYNAMIC_ATTRIBUTE, null, base, null, false, argText));
                    return Val.UNKNOWN;
                }
                String target = canonical(base + "." + a1.str());
                events.add(new Event(Kind.DYNAMIC_ATTRIBUTE, target, base, null, false, argText));
                return Val.reference(target);
            }
            case "vars" -> {
                return a0.ref() != null ? Val.reference(a0.ref() + ".__dict__") : Val.UNKNOWN;
            }
            case "globals", "locals" -> {
                return Val.reference("__globals__");
            }
            case "chr" -> {
                return Val.UNKNOWN;
            }
            default -> {
                if (LOADERS.contains(ref)) return Val.reference("libc");
                return Val.UNKNOWN;
            }
        }
    }

    /**
     * {@code import_module("transformers.models." + name)}, {@code import_module(f".{name}", pkg)}: the
     * literal start of the name pins the package (or makes it relative), so it cannot be {@code os}.
     */
    private static boolean packageScoped(List<PyTokens.Tok> toks, int at, boolean submodule) {
        if (at < toks.size() && (toks.get(at).isName("__name__") || toks.get(at).isName("__package__"))) return true;
        if (submodule) {
            // import_module returns the named submodule itself: a dotted name cannot be os or subprocess
            for (int k = at; k < toks.size() && !toks.get(k).isOp(")") && !toks.get(k).isOp(","); k++) {
                PyTokens.Tok t = toks.get(k);
                if (t.isString() && t.text().contains(".")) return true;
            }
        }
        if (at >= toks.size() || !toks.get(at).isString()) return false;
        String t = toks.get(at).text();
        int q = 0;
        while (q < t.length() && t.charAt(q) != '"' && t.charAt(q) != '\'') q++;
        String body = t.substring(Math.min(t.length(), q + 1));
        int field = body.indexOf('{');
        String lit = field < 0 ? body : body.substring(0, field);
        return lit.startsWith(".") || lit.indexOf('.') > 0;
    }

    private Val subscript(Val base) {
        int open = i;
        i++;
        // s[::-1]
        if (base.str() != null && i + 4 < toks.size() && toks.get(i).isOp(":") && toks.get(i + 1).isOp(":")
                && toks.get(i + 2).isOp("-") && toks.get(i + 3).text().equals("1") && toks.get(i + 4).isOp("]")) {
            i += 5;
            return Val.string(new StringBuilder(base.str()).reverse().toString());
        }
        Val key = Val.UNKNOWN;
        int items = 0;
        while (i < toks.size() && !toks.get(i).isOp("]")) {
            if (startsExpr(toks.get(i))) {
                key = expr();
                items++;
            } else i++;
        }
        String argText = PyTokens.text(toks, open + 1, Math.min(i, toks.size()));
        i++;
        if (items != 1 || base.ref() == null) return Val.UNKNOWN;
        if (i < toks.size() && toks.get(i).isOp("=")) return Val.UNKNOWN; // a store (sys.modules[k] = m), not a lookup
        if (key.ref() != null && key.ref().equals("os.name")) key = Val.string("posix");
        String b = canonical(base.ref());
        String ns = b.endsWith(".__dict__") ? b.substring(0, b.length() - 9) : b;
        boolean namespace = b.endsWith(".__dict__") || b.equals("builtins") || b.equals("sys.modules")
                || b.equals("__globals__");
        if (!namespace) return Val.UNKNOWN;
        if (key.str() == null) {
            // sys.modules[m] / globals()[n] is judged where the module or value is then used
            if (b.equals("sys.modules") || b.equals("__globals__")) return Val.reference(LAZY + b);
            events.add(new Event(Kind.DYNAMIC_ATTRIBUTE, null, b, null, false, argText));
            return Val.UNKNOWN;
        }
        if (ns.equals("__globals__")) return name(key.str());
        String target;
        if (b.equals("sys.modules")) target = key.str();
        else target = canonical(ns + "." + key.str());
        events.add(new Event(b.equals("sys.modules") ? Kind.DYNAMIC_IMPORT : Kind.DYNAMIC_ATTRIBUTE, target, b, null,
                false, argText));
        return Val.reference(target);
    }
}
