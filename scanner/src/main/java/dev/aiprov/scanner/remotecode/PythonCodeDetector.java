package dev.aiprov.scanner.remotecode;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.remotecode.internal.Dangerous;
import dev.aiprov.scanner.remotecode.internal.PyEval;
import dev.aiprov.scanner.remotecode.internal.PythonStatements;
import dev.aiprov.scanner.remotecode.internal.PythonStatements.Statement;
import dev.aiprov.scanner.secrets.TextEncoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static flags in Python files shipped with models ({@code modeling_*.py} run by
 * {@code trust_remote_code=True}) and Spaces apps: process execution, exec/eval of computed or
 * decoded data, dynamic imports and attribute lookups that reach those, network calls at import
 * time, writes outside the cache, and {@code trust_remote_code=True}. The source is streamed and
 * split into statements by {@link PythonStatements}; {@link PyEval} follows aliases, star imports,
 * string concatenation and computed lookups. Nothing is executed.
 * <p>Severity follows when the code runs: at import time (module level, class bodies, decorators,
 * default arguments) or anywhere in a file a loader runs ({@link #loaderRun}) it is {@code high};
 * inside a function of an ordinary file it is {@code info}.
 */
public final class PythonCodeDetector extends AbstractDetector {
    /** Longest string literal passed to exec/eval that is analysed as code. */
    static final int MAX_SOURCE_LITERAL = 64 << 10;
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern LOADER_FILE = Pattern.compile(
            "(modeling|configuration|tokenization|processing|image_processing|feature_extraction|video_processing"
                    + "|pipeline|custom_pipeline)_\\w+\\.py|app\\.py|handler\\.py|pipeline\\.py");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(.+)$");
    private static final Pattern FROM = Pattern.compile("^from\\s+([\\w.]+)\\s+import\\s+\\(?([^)]+)\\)?$");
    private static final Pattern ASSIGN = Pattern.compile("^([A-Za-z_]\\w*)\\s*(?::[^=]+)?=(?!=)");
    private static final Pattern FOR = Pattern.compile("^(?:async\\s+)?for\\s+([A-Za-z_]\\w*)\\s+in\\s+(?=.*:$)");
    private static final Pattern TRUST = Pattern.compile("trust_remote_code\\s*=\\s*True\\b");
    private static final Pattern STRING = Pattern.compile("[rbuRBUfF]{0,2}(['\"])((?:\\\\.|(?!\\1).)*)\\1");
    private static final Pattern DECODE = Pattern.compile(
            "b64decode|b32decode|b16decode|a85decode|b85decode|decodebytes|decodestring|marshal\\s*\\.\\s*loads"
                    + "|zlib\\s*\\.\\s*decompress|lzma\\s*\\.\\s*decompress|bz2\\s*\\.\\s*decompress|gzip\\s*\\.\\s*decompress"
                    + "|codecs\\s*\\.\\s*decode|fromhex|unhexlify|rot.?13|\\[\\s*:\\s*:\\s*-\\s*1\\s*\\]");
    private static final Set<String> NETWORK = Set.of("requests.get", "requests.post", "requests.put", "requests.patch",
            "requests.delete", "requests.head", "requests.request", "requests.Session", "urllib.request.urlopen",
            "urllib.request.urlretrieve", "urllib.request.Request", "urllib.urlopen", "urllib.urlretrieve",
            "urllib2.urlopen", "socket.socket", "socket.create_connection", "http.client.HTTPConnection",
            "http.client.HTTPSConnection", "httpx.get", "httpx.post", "httpx.Client", "httpx.stream",
            "urllib3.PoolManager", "ftplib.FTP", "smtplib.SMTP", "telnetlib.Telnet", "paramiko.SSHClient");
    private static final Set<String> OPENERS = Set.of("open", "io.open", "codecs.open", "os.open", "builtins.open");
    private static final String[] SENSITIVE = {".ssh", "/etc/", "authorized_keys", ".bashrc", ".bash_profile",
            ".profile", ".zshrc", "site-packages", ".pth", "/usr/", "/bin/", "crontab", "/var/spool", ".config/autostart",
            ".aws/credentials", ".netrc", ".git/hooks", ".huggingface/token"};

    private enum Block { FUNCTION, CLASS, MAIN, OTHER }

    @Override
    public String id() {
        return "python";
    }

    @Override
    public int priority() {
        return -5;
    }

    @Override
    public boolean accepts(Probe probe) {
        byte[] h = probe.head();
        boolean named = probe.nameEndsWith(".py", ".pyw");
        if (!named && !probe.startsWithAscii("#!")) return false;   // neither a .py name nor a script: no need to decode
        if (probe.textEncoding() == null) return false;
        if (named) return true;
        String head = new String(h, 0, Math.min(h.length, 64), StandardCharsets.ISO_8859_1);
        return head.lines().findFirst().orElse("").contains("python");
    }

    /**
     * Files a loader runs whatever their code does: Transformers' {@code trust_remote_code} modules
     * ({@code modeling_*.py}, {@code configuration_*.py}, {@code tokenization_*.py}, processors),
     * custom pipelines, Inference Endpoints handlers and a Space's {@code app.py}.
     */
    static boolean loaderRun(String path) {
        String n = path == null ? "" : path.replace('\\', '/');
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('!')) + 1).toLowerCase(Locale.ROOT);
        return LOADER_FILE.matcher(n).matches();
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        if (source.size() > ctx.limits().maxTextBytes()) {
            throw ScanException.limitExceeded("python source bytes", source.size(), ctx.limits().maxTextBytes(), 0);
        }
        TextEncoding enc = TextEncoding.detect(source.readFully(0, (int) Math.min(source.size(), Probe.HEAD_BYTES)));
        if (enc == null) enc = TextEncoding.UTF8;
        final TextEncoding e = enc;
        Analysis a = new Analysis(ctx, loaderRun(ctx.path()));
        try (Reader r = new InputStreamReader(BoundedReader.stream(source, e.bom(), source.size() - e.bom()), e.charset())) {
            PythonStatements.split(new BufferedReader(r, 1 << 16), e::width, a::statement, () -> ctx.checkDeadline(0));
        }
    }

    /** The state of analysing one file: scopes, aliases, taint and what has been reported. */
    private static final class Analysis {
        private final ScanContext ctx;
        private final boolean loaderRun;
        private final Map<String, PyEval.Val> names = PyEval.newScope();
        private final List<String> stars = new ArrayList<>();
        private final PyEval eval = new PyEval(names, stars);
        private final Set<String> tainted = new HashSet<>();
        private final Deque<int[]> blocks = new ArrayDeque<>();
        private final Set<String> reported = new HashSet<>();

        Analysis(ScanContext ctx, boolean loaderRun) {
            this.ctx = ctx;
            this.loaderRun = loaderRun;
        }

        void statement(Statement s) {
            ctx.checkDeadline(s.offset());
            while (!blocks.isEmpty() && blocks.peek()[0] >= s.indent()) blocks.pop();
            boolean importTime = blocks.stream().noneMatch(b -> b[1] == Block.FUNCTION.ordinal() || b[1] == Block.MAIN.ordinal());
            String code = s.code(), masked = s.masked();
            Block opens = opens(masked, code);
            if (opens != null) blocks.push(new int[]{s.indent(), opens.ordinal()});
            analyse(code, masked, Location.line(s.line(), s.offset()), importTime, 0);
        }

        private void analyse(String code, String masked, Location loc, boolean importTime, int nesting) {
            boolean load = importTime || loaderRun;
            if (imports(masked)) return;
            Matcher a = ASSIGN.matcher(masked);
            if (a.find() && (DECODE.matcher(masked).find() || refersTo(masked.substring(a.end()), tainted))) {
                tainted.add(a.group(1));
            }
            List<PyEval.Event> events;
            if (masked.startsWith("@")) {
                PyEval.Val d = eval.expression(code.substring(1));
                events = new ArrayList<>(eval.events());
                String ref = PyEval.canonical(d.ref());
                if (ref != null && Dangerous.isDangerous(ref)) {
                    events.add(new PyEval.Event(PyEval.Kind.CALL, ref, null, null, false, "the decorated function"));
                }
            } else {
                events = eval.statement(code);
            }
            for (PyEval.Event ev : events) event(ev, code, loc, importTime, load, nesting);
            if (a.find(0)) bind(a.group(1), code, masked);
            Matcher loop = FOR.matcher(masked);
            if (loop.find()) {
                PyEval.Val v = eval.expression(code.substring(loop.end(), code.length() - 1));
                if (v.strs() != null) names.put(loop.group(1), v);
                else names.remove(loop.group(1));
            }
            if (TRUST.matcher(masked).find()) {
                flag(Rule.PY_TRUST_REMOTE_CODE, Severity.MEDIUM,
                        "loads a model with trust_remote_code=True: the repository's Python code runs here", loc, "trust_remote_code=True");
            }
        }

        private void event(PyEval.Event ev, String code, Location loc, boolean importTime, boolean load, int nesting) {
            Severity high = load ? Severity.HIGH : Severity.INFO;
            String when = importTime ? " at import time" : loaderRun ? " in a file the loader runs" : " inside a function";
            String name = ev.target();
            switch (ev.kind()) {
                case DYNAMIC_IMPORT -> {
                    // a resolved import is judged by what is done with the module (os.system, getattr ...)
                    if (name == null) {
                        flag(Rule.PY_DYNAMIC_IMPORT, high, "imports a module whose name is computed (" + ev.base() + ")" + when,
                                loc, ev.base());
                    }
                    return;
                }
                case DYNAMIC_ATTRIBUTE -> {
                    if (name == null) {
                        if (Dangerous.NAMESPACES.contains(ev.base().replace(".__dict__", ""))) {
                            flag(Rule.PY_DYNAMIC_ATTRIBUTE, high, "reads a computed attribute of " + ev.base() + when, loc, ev.base());
                        }
                    } else if (Dangerous.PROCESS.contains(name)) {
                        flag(Rule.PY_PROCESS_EXECUTION, high, "reaches " + name + " through a computed lookup" + when, loc, name);
                    }
                    // exec/eval reached by a lookup (getattr(builtins, "exec") in py2/3 shims) is judged where it is called
                    return;
                }
                default -> {
                }
            }
            if (Dangerous.PROCESS.contains(name)) {
                flag(Rule.PY_PROCESS_EXECUTION, high, "runs a process with " + name + when, loc, name);
            } else if (Dangerous.EXEC.contains(name)) {
                String args = ev.args();
                if (DECODE.matcher(args).find() || refersTo(args, tainted)) {
                    flag(Rule.PY_EXEC_DECODED_PAYLOAD, load ? Severity.CRITICAL : Severity.MEDIUM, name
                            + " of decoded data (base64/marshal/zlib...): a hidden payload runs" + when, loc, name);
                } else if (ev.literal() && (name.equals("exec") || name.equals("eval"))) {
                    if (nesting < 2) {
                        String inner = ev.literalArg();
                        if (inner.length() > MAX_SOURCE_LITERAL) inner = inner.substring(0, MAX_SOURCE_LITERAL);
                        // the literal is Python: split it as a file is (newlines, `;`, strings masked)
                        java.util.List<dev.aiprov.scanner.remotecode.internal.PythonStatements.Statement> parts =
                                new java.util.ArrayList<>();
                        try {
                            dev.aiprov.scanner.remotecode.internal.PythonStatements.split(new java.io.StringReader(inner),
                                    c -> 1, parts::add, () -> { });
                        } catch (java.io.IOException e) {
                            parts.clear();   // a StringReader does not fail
                        }
                        for (var st : parts) {
                            if (!st.code().isBlank()) analyse(st.code().strip(), st.masked().strip(), loc, importTime, nesting + 1);
                        }
                    }
                } else if (!ev.literal()) {
                    flag(Rule.PY_DYNAMIC_EXEC, high, name + " of a computed value" + when, loc, name);
                }
            } else if (importTime && NETWORK.contains(name)) {
                flag(Rule.PY_NETWORK_AT_IMPORT, Severity.HIGH, "network call " + name
                        + " runs when the module is imported", loc, name);
            } else if (OPENERS.contains(name)) {
                writeTarget(code, name, loc, high, when);
            }
        }

        /** {@code run = exec}, {@code m = importlib.import_module('o' + 's')}, {@code n = 'sys' + 'tem'}. */
        private void bind(String target, String code, String masked) {
            int eq = masked.indexOf('=', masked.indexOf(target) + target.length());
            if (eq < 0 || masked.indexOf('=', eq + 1) == eq + 1) return;
            PyEval.Val v = eval.expression(code.substring(eq + 1));
            if (v.ref() != null || v.str() != null || v.strs() != null) names.put(target, v);
            else names.remove(target);
        }

        /** Records aliases from import statements; true when {@code masked} is one. */
        private boolean imports(String masked) {
            Matcher im = IMPORT.matcher(masked);
            if (im.matches()) {
                for (String part : im.group(1).split(",")) {
                    String[] w = part.trim().split("\\s+as\\s+");
                    String mod = w[0].trim().replaceAll("\\s+", "");
                    if (mod.isEmpty()) continue;
                    String top = mod.split("\\.")[0];
                    if (w.length > 1) names.put(w[1].trim(), PyEval.Val.reference(mod));
                    else names.put(top, PyEval.Val.reference(top));
                }
                return true;
            }
            Matcher fm = FROM.matcher(masked);
            if (fm.matches()) {
                String mod = fm.group(1).replaceAll("\\s+", "");
                for (String part : fm.group(2).split(",")) {
                    String[] w = part.trim().split("\\s+as\\s+");
                    String n = w[0].trim();
                    if (n.isEmpty()) continue;
                    if (n.equals("*")) {
                        if (!stars.contains(mod)) stars.add(mod);
                        continue;
                    }
                    names.put(w.length > 1 ? w[1].trim() : n, PyEval.Val.reference(mod + "." + n));
                }
                return true;
            }
            return false;
        }

        /** {@code open("/abs/or/~/.ssh/path", "w")}: writes outside the working directory and cache. */
        private void writeTarget(String code, String name, Location loc, Severity sev, String when) {
            String tail = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
            int at = code.indexOf(tail + "(");
            if (at < 0) return;
            PythonCodeDetector.writeTarget(ctx, reported, code, at, loc, name, sev, when);
        }

        private void flag(Rule rule, Severity sev, String message, Location loc, String evidence) {
            PythonCodeDetector.flag(ctx, reported, rule, sev, message, loc, evidence);
        }
    }

    private static Block opens(String masked, String code) {
        if (masked.startsWith("def ") || masked.startsWith("async def ")) return Block.FUNCTION;
        if (masked.startsWith("class ")) return Block.CLASS;
        if (masked.startsWith("if ") && masked.contains("__name__") && code.contains("__main__")) return Block.MAIN;
        if (masked.endsWith(":")) return Block.OTHER;
        return null;
    }

    private static boolean refersTo(String expr, Set<String> names) {
        if (names.isEmpty()) return false;
        Matcher w = WORD.matcher(expr);
        while (w.find()) if (names.contains(w.group())) return true;
        return false;
    }

    /** {@code open("/abs/or/~/.ssh/path", "w")}: writes outside the working directory and cache. */
    static void writeTarget(ScanContext ctx, Set<String> reported, String code, int callStart, Location loc, String name,
                            Severity sev, String when) {
        int paren = code.indexOf('(', callStart);
        if (paren < 0) return;
        String args = code.substring(paren + 1, Math.min(code.length(), paren + 1 + 2048));
        Matcher str = STRING.matcher(args);
        String path = null, mode = null;
        int count = 0;
        while (str.find() && count < 3) {
            if (count == 0 && str.start() > 64) break;
            String value = str.group(2);
            if (path == null) path = value;
            else if (mode == null) mode = value;
            count++;
        }
        Matcher kw = Pattern.compile("mode\\s*=\\s*['\"]([rwabxt+]+)['\"]").matcher(args);
        if (kw.find()) mode = kw.group(1);
        if (path == null) return;
        boolean writes = mode != null && mode.matches("[rwabxt+]+") && (mode.contains("w") || mode.contains("a")
                || mode.contains("x") || mode.contains("+"));
        if (name.equals("os.open")) writes = args.contains("O_WRONLY") || args.contains("O_RDWR") || args.contains("O_CREAT");
        if (!writes) return;
        if (path.startsWith("/dev/")) return; // /dev/null, /dev/stdout, /dev/tty
        boolean sensitive = path.startsWith("/") && !path.startsWith("/tmp/") || path.startsWith("~")
                || args.contains("expanduser") || args.contains("Path.home");
        for (String s : SENSITIVE) sensitive |= path.contains(s);
        if (!sensitive) return;
        flag(ctx, reported, Rule.PY_WRITE_OUTSIDE_CACHE, sev, "writes to " + abbreviate(path)
                + " (outside the model cache)" + when, loc, name);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    static void flag(ScanContext ctx, Set<String> reported, Rule rule, Severity sev, String message,
                             Location loc, String evidence) {
        if (!reported.add(rule.id() + "@" + loc.line())) return;
        ctx.report(rule, sev, message, loc, evidence);
    }
}
