package dev.aiprov.scanner.remotecode;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.remotecode.internal.PythonStatements;
import dev.aiprov.scanner.remotecode.internal.PythonStatements.Statement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static flags in Python files shipped with models ({@code modeling_*.py} run by
 * {@code trust_remote_code=True}) and Spaces apps: process execution, exec/eval of decoded data,
 * network calls at import time, writes outside the cache, and {@code trust_remote_code=True}.
 * The source is split into statements by {@link PythonStatements}; imports are followed through
 * aliases ({@code import subprocess as sp}, {@code from os import system}). Nothing is executed.
 */
public final class PythonCodeDetector extends AbstractDetector {
    /** Python source read at most; larger files are scanned up to this size. */
    static final int MAX_SOURCE = 8 << 20;
    private static final Pattern CALL = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*+(?:\\s*+\\.\\s*+[A-Za-z_]\\w*+)*+)\\s*+\\(");
    private static final Pattern DUNDER_IMPORT = Pattern.compile(
            "__import__\\(\\s*['\"](os|subprocess|pty|posix|nt|commands)['\"]\\s*\\)\\s*\\.\\s*(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(.+)$");
    private static final Pattern FROM = Pattern.compile("^from\\s+([\\w.]+)\\s+import\\s+\\(?([^)]+)\\)?$");
    private static final Pattern ASSIGN = Pattern.compile("^([A-Za-z_]\\w*)\\s*(?::[^=]+)?=(?!=)");
    private static final Pattern TRUST = Pattern.compile("trust_remote_code\\s*=\\s*True\\b");
    private static final Pattern STRING = Pattern.compile("[rbuRBUfF]{0,2}(['\"])((?:\\\\.|(?!\\1).)*)\\1");
    private static final Pattern DECODE = Pattern.compile(
            "b64decode|b32decode|b16decode|a85decode|b85decode|decodebytes|decodestring|marshal\\s*\\.\\s*loads"
                    + "|zlib\\s*\\.\\s*decompress|lzma\\s*\\.\\s*decompress|bz2\\s*\\.\\s*decompress|gzip\\s*\\.\\s*decompress"
                    + "|codecs\\s*\\.\\s*decode|fromhex|unhexlify|rot.?13|\\[::-1\\]");
    private static final Set<String> PROCESS = Set.of("os.system", "os.popen", "os.execl", "os.execle", "os.execlp",
            "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe", "os.spawnl", "os.spawnle", "os.spawnlp",
            "os.spawnv", "os.spawnve", "os.spawnvp", "os.posix_spawn", "os.posix_spawnp", "os.startfile",
            "subprocess.run", "subprocess.call", "subprocess.Popen", "subprocess.check_output", "subprocess.check_call",
            "subprocess.getoutput", "subprocess.getstatusoutput", "pty.spawn", "commands.getoutput",
            "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "posix.system", "nt.system");
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
        for (byte x : h) if (x == 0) return false;
        if (probe.nameEndsWith(".py", ".pyw")) return true;
        String head = new String(h, 0, Math.min(h.length, 64), StandardCharsets.ISO_8859_1);
        return head.startsWith("#!") && head.lines().findFirst().orElse("").contains("python");
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        int len = (int) Math.min(source.size(), MAX_SOURCE);
        byte[] bytes = source.readFully(0, len);
        if (bytes.length < len) throw ScanException.truncated("python source", bytes.length);
        long[] lineOffsets = lineOffsets(bytes);
        String src = new String(bytes, StandardCharsets.UTF_8);
        List<Statement> stmts = PythonStatements.split(src, lineOffsets, () -> ctx.checkDeadline(0));
        Map<String, String> alias = new HashMap<>();
        Set<String> tainted = new HashSet<>();
        Deque<int[]> blocks = new ArrayDeque<>();
        Set<String> reported = new HashSet<>();
        for (Statement s : stmts) {
            ctx.checkDeadline(s.offset());
            while (!blocks.isEmpty() && blocks.peek()[0] >= s.indent()) blocks.pop();
            boolean importTime = blocks.stream().noneMatch(b -> b[1] == Block.FUNCTION.ordinal() || b[1] == Block.MAIN.ordinal());
            String code = s.code(), masked = s.masked();
            Block opens = opens(masked, code);
            if (opens != null) blocks.push(new int[]{s.indent(), opens.ordinal()});
            imports(masked, code, alias);
            Location loc = Location.line(s.line(), s.offset());
            Matcher a = ASSIGN.matcher(masked);
            if (a.find() && (DECODE.matcher(masked).find() || refersTo(masked.substring(a.end()), tainted))) {
                tainted.add(a.group(1));
            }
            Matcher m = CALL.matcher(masked);
            while (m.find()) {
                String raw = m.group(1).replaceAll("\\s+", "");
                String name = resolve(raw, alias);
                if (PROCESS.contains(name)) {
                    flag(ctx, reported, "PY_PROCESS_EXECUTION", Severity.HIGH, "runs a process with " + name
                            + (importTime ? " at import time" : ""), loc, name);
                } else if (name.equals("exec") || name.equals("eval") || name.equals("compile")
                        || name.equals("builtins.exec") || name.equals("builtins.eval") || name.equals("types.FunctionType")) {
                    String args = argsOf(masked, m.end());
                    if (DECODE.matcher(args).find() || refersTo(args, tainted)) {
                        flag(ctx, reported, "PY_EXEC_DECODED_PAYLOAD", Severity.CRITICAL, name
                                + " of decoded data (base64/marshal/zlib...): a hidden payload runs on import", loc, name);
                    } else if (!name.equals("compile") && !name.equals("types.FunctionType")) {
                        flag(ctx, reported, "PY_DYNAMIC_EXEC", Severity.MEDIUM, name + " of a computed string", loc, name);
                    }
                } else if (importTime && NETWORK.contains(name)) {
                    flag(ctx, reported, "PY_NETWORK_AT_IMPORT", Severity.HIGH, "network call " + name
                            + " runs when the module is imported", loc, name);
                } else if (OPENERS.contains(name)) {
                    writeTarget(ctx, reported, code, m.start(), loc, name);
                } else if (name.equals("__import__") && !DUNDER_IMPORT.matcher(code).find()) {
                    flag(ctx, reported, "PY_DYNAMIC_EXEC", Severity.MEDIUM, "__import__ of a computed module", loc, name);
                }
            }
            Matcher d = DUNDER_IMPORT.matcher(code);
            if (d.find()) {
                String name = d.group(1) + "." + d.group(2);
                flag(ctx, reported, "PY_PROCESS_EXECUTION", Severity.HIGH, "runs a process with " + name
                        + " through __import__", loc, name);
            }
            if (TRUST.matcher(masked).find()) {
                flag(ctx, reported, "PY_TRUST_REMOTE_CODE", Severity.MEDIUM,
                        "loads a model with trust_remote_code=True: the repository's Python code runs here", loc, "trust_remote_code=True");
            }
        }
    }

    private static Block opens(String masked, String code) {
        if (masked.startsWith("def ") || masked.startsWith("async def ")) return Block.FUNCTION;
        if (masked.startsWith("class ")) return Block.CLASS;
        if (masked.startsWith("if __name__") && code.contains("__main__")) return Block.MAIN;
        if (masked.endsWith(":")) return Block.OTHER;
        return null;
    }

    private static void imports(String masked, String code, Map<String, String> alias) {
        Matcher im = IMPORT.matcher(masked);
        if (im.matches()) {
            for (String part : im.group(1).split(",")) {
                String[] w = part.trim().split("\\s+as\\s+");
                String mod = w[0].trim();
                if (mod.isEmpty()) continue;
                alias.put(w.length > 1 ? w[1].trim() : mod.split("\\.")[0], w.length > 1 ? mod : mod.split("\\.")[0]);
            }
            return;
        }
        Matcher fm = FROM.matcher(masked);
        if (fm.matches()) {
            for (String part : fm.group(2).split(",")) {
                String[] w = part.trim().split("\\s+as\\s+");
                String n = w[0].trim();
                if (n.isEmpty() || n.equals("*")) continue;
                alias.put(w.length > 1 ? w[1].trim() : n, fm.group(1) + "." + n);
            }
        }
    }

    /** {@code sp.run} with {@code import subprocess as sp} is {@code subprocess.run}. */
    static String resolve(String dotted, Map<String, String> alias) {
        int dot = dotted.indexOf('.');
        String head = dot < 0 ? dotted : dotted.substring(0, dot);
        String mapped = alias.get(head);
        if (mapped == null) return dotted;
        return dot < 0 ? mapped : mapped + dotted.substring(dot);
    }

    private static String argsOf(String masked, int openParen) {
        int depth = 1, i = openParen;
        while (i < masked.length() && depth > 0) {
            char c = masked.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            i++;
        }
        return masked.substring(openParen, Math.max(openParen, i - 1));
    }

    private static boolean refersTo(String expr, Set<String> names) {
        if (names.isEmpty()) return false;
        Matcher w = Pattern.compile("[A-Za-z_]\\w*").matcher(expr);
        while (w.find()) if (names.contains(w.group())) return true;
        return false;
    }

    /** {@code open("/abs/or/~/.ssh/path", "w")}: writes outside the working directory and cache. */
    private static void writeTarget(ScanContext ctx, Set<String> reported, String code, int callStart, Location loc, String name) {
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
        boolean sensitive = path.startsWith("/") && !path.startsWith("/tmp/") || path.startsWith("~")
                || args.contains("expanduser") || args.contains("Path.home");
        for (String s : SENSITIVE) sensitive |= path.contains(s);
        if (!sensitive) return;
        flag(ctx, reported, "PY_WRITE_OUTSIDE_CACHE", Severity.HIGH, "writes to " + abbreviate(path)
                + " (outside the model cache)", loc, name);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static void flag(ScanContext ctx, Set<String> reported, String rule, Severity sev, String message,
                             Location loc, String evidence) {
        if (!reported.add(rule + "@" + loc.line())) return;
        ctx.report(rule, sev, message, loc, evidence);
    }

    private static long[] lineOffsets(byte[] b) {
        int lines = 1;
        for (byte x : b) if (x == '\n') lines++;
        long[] out = new long[lines];
        int k = 1;
        for (int i = 0; i < b.length; i++) if (b[i] == '\n') out[k++] = i + 1;
        return out;
    }
}
