package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns what the pickle machine saw into graded findings, one per distinct rule and callable (with
 * an occurrence count), and scans pickles nested in {@code pickle.loads}-style calls.
 */
final class PickleFindings implements PickleMachine.Listener {

    /**
     * Allowlisted callables that call, or construct, what they are given at these argument positions:
     * each such argument is judged as a call. numpy's random-state constructors call their second
     * argument ({@code bit_generator_ctor}) with the first; {@code __bit_generator_ctor} of numpy 2
     * constructs a class it is given.
     */
    private static final Map<String, List<Integer>> TRAMPOLINES = Map.ofEntries(
            Map.entry("copyreg._reconstructor", List.of(0, 1)),
            Map.entry("copyreg.__newobj__", List.of(0)), Map.entry("copyreg.__newobj_ex__", List.of(0)),
            Map.entry("torch._tensor._rebuild_from_type_v2", List.of(0, 1)),
            Map.entry("torch._tensor._rebuild_from_type", List.of(0, 1)),
            Map.entry("torch._utils._rebuild_wrapper_subclass", List.of(0)),
            Map.entry("numpy.core.multiarray._reconstruct", List.of(0)),
            Map.entry("numpy._core.multiarray._reconstruct", List.of(0)),
            Map.entry("numpy.core._internal._reconstruct", List.of(0)),
            Map.entry("numpy._core._internal._reconstruct", List.of(0)),
            Map.entry("numpy.ma.core._mareconstruct", List.of(0, 1)),
            Map.entry("numpy.random._pickle.__randomstate_ctor", List.of(1)),
            Map.entry("numpy.random._pickle.__generator_ctor", List.of(1)),
            Map.entry("numpy.random._pickle.__bit_generator_ctor", List.of(0)));
    private static final Set<String> UFUNC = Set.of("numpy.core._ufunc_reconstruct", "numpy._core._ufunc_reconstruct");
    private static final int MAX_DISTINCT = 500;
    private static final int MAX_NESTED_BYTES = 64 << 20;

    private record Agg(Rule rule, Severity severity, String message, long offset, String evidence, int[] count) {
    }

    private final ScanContext ctx;
    private final ByteSource src;
    private final Map<String, Agg> found = new LinkedHashMap<>();
    private final Map<Long, Value.Global> imports = new LinkedHashMap<>();
    private final Set<Long> invoked = new HashSet<>();
    private int events;
    private boolean joblib;
    private String nestedError;

    PickleFindings(ScanContext ctx, ByteSource src) {
        this.ctx = ctx;
        this.src = src;
    }

    /** Imports, calls and other events seen so far (to tell a broken pickle from trailing data). */
    int events() {
        return events;
    }

    /** Why a nested pickle could not be judged, or null. */
    String nestedError() {
        return nestedError;
    }

    boolean sawJoblib() {
        return joblib;
    }

    @Override
    public void imported(Value.Global g, String opcode) {
        events++;
        if (g.verdict().dotted().endsWith("numpy_pickle.NumpyArrayWrapper")) joblib = true;
        if (imports.size() < 100_000) imports.put(g.offset(), g);
    }

    @Override
    public void invoked(Value callable, Value args, String opcode, long offset) {
        events++;
        if (callable instanceof Value.Global g) {
            invoked.add(g.offset());
            PicklePolicy.Verdict v = g.verdict();
            judgeCall(g, v, opcode, offset);
            if (TRAMPOLINES.containsKey(v.dotted())) trampoline(v.dotted(), args, opcode, offset);
            if (UFUNC.contains(v.dotted())) ufunc(args, offset);
            if (PicklePolicy.isNestedLoader(v.dotted())) nested(v.dotted(), args, offset);
        } else if (callable instanceof Value.Call || callable instanceof Value.Unknown) {
            add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, opcode + " calls a value computed at load time", offset, describe(callable));
        } else {
            add(Rule.PICKLE_CALL_INVALID, Severity.MEDIUM, opcode + " calls a constant: loading fails here, after what ran before",
                    offset, describe(callable));
        }
    }

    private void judgeCall(Value.Global g, PicklePolicy.Verdict v, String opcode, long offset) {
        switch (v.level()) {
            case DENY -> add(v.dunder() ? Rule.PICKLE_GLOBAL_DUNDER : Rule.PICKLE_CALL_CRITICAL, Severity.CRITICAL,
                    opcode + " invokes " + v.dotted() + " (" + v.reason() + "), imported at offset " + g.offset(),
                    offset, v.dotted());
            case UNKNOWN -> add(Rule.PICKLE_CALL_UNKNOWN, Severity.HIGH, opcode + " invokes " + v.dotted()
                    + ", which is not on the allowlist", offset, v.dotted());
            case LIBRARY -> add(Rule.PICKLE_GLOBAL_LIBRARY, Severity.MEDIUM, opcode + " constructs " + v.dotted()
                    + " (" + v.reason() + "); loading it runs that library's code", offset, v.dotted());
            case ALLOW -> { }
        }
    }

    @Override
    public void mutated(Value target, String opcode, long offset) {
        events++;
        if (target instanceof Value.Global g) {
            add(Rule.PICKLE_GLOBAL_MUTATION, Severity.CRITICAL, opcode + " writes into the imported " + g.verdict().dotted()
                    + ", changing what later calls run", offset, g.verdict().dotted());
        } else if (target instanceof Value.Call c) {
            if (c.global() != null) {
                invoked.add(c.global().offset());
                if (c.global().verdict().level() == PicklePolicy.Level.UNKNOWN) {
                    add(Rule.PICKLE_CALL_UNKNOWN, Severity.HIGH, opcode + " runs methods of " + c.global().verdict().dotted()
                            + " (__setstate__/__setitem__/extend)", offset, c.global().verdict().dotted());
                }
            } else {
                add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, opcode + " runs methods of a value computed at load time", offset,
                        describe(c.callable));
            }
        } else if (target instanceof Value.Unknown u && !u.why().equals("persistent id")) {
            add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, opcode + " runs methods of a value computed at load time", offset, u.why());
        }
    }

    @Override
    public void dynamicGlobal(Value module, Value name, long offset) {
        events++;
        add(Rule.PICKLE_STACK_GLOBAL_DYNAMIC, Severity.CRITICAL, "STACK_GLOBAL imports a name that is not a constant string"
                + " (built at load time to hide it)", offset, describe(module) + "." + describe(name));
    }

    @Override
    public void extension(long code, long offset) {
        events++;
        add(Rule.PICKLE_EXT_UNREGISTERED, Severity.HIGH, "EXT opcode refers to extension code " + code
                + ", which no standard registry defines", offset, "ext:" + code);
    }

    private void ufunc(Value args, long offset) {
        if (!(args instanceof Value.Seq s) || s.items().size() != 2 || !(s.items().get(0) instanceof Value.Str m)
                || !(s.items().get(1) instanceof Value.Str n) || m.text() == null || n.text() == null) {
            add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, "_ufunc_reconstruct imports a name that is not constant", offset,
                    "numpy._ufunc_reconstruct");
        }
        // constant names: the machine returns the resolved global, judged when imported and when called
    }

    /**
     * An allowlisted trampoline calls (or constructs) what it is given in its function positions:
     * each is judged as a call of whatever it resolves to, and is high when that is computed at load time.
     */
    private void trampoline(String dotted, Value args, String opcode, long offset) {
        if (args == null) return; // judged as a plain call by its caller
        if (!(args instanceof Value.Seq s)) {
            add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, dotted + " receives arguments computed at load time", offset, dotted);
            return;
        }
        for (int i : TRAMPOLINES.get(dotted)) {
            if (i >= s.items().size()) continue;
            Value a = s.items().get(i);
            if (a instanceof Value.Global inner) invoked(inner, null, opcode, offset);
            else if (a instanceof Value.Call || a instanceof Value.Unknown) {
                add(Rule.PICKLE_CALL_DYNAMIC, Severity.HIGH, dotted + " calls a value computed at load time", offset, describe(a));
            }
        }
    }

    private void nested(String loader, Value args, long offset) {
        byte[] data = constantBytes(args, 0);
        String member = "nested@" + offset;
        add(Rule.PICKLE_NESTED_LOADS, Severity.CRITICAL, loader + " unpickles a second payload"
                + (data == null ? " built at load time" : " embedded here (scanned as " + member + ")"), offset, loader);
        if (data != null) {
            String err = ctx.scanEmbedded(member, new ByteArraySource(data), null);
            if (err != null && nestedError == null) nestedError = member + ": " + err;
        }
    }

    /** The bytes a constant expression evaluates to, when it is one we can fold statically. */
    private byte[] constantBytes(Value v, int depth) {
        if (depth > 8 || v == null) return null;
        try {
            if (v instanceof Value.Seq s) return s.items().isEmpty() ? null : constantBytes(s.items().get(0), depth + 1);
            if (v instanceof Value.Bytes b) {
                if (b.data() != null) return b.data();
                if (b.length() > MAX_NESTED_BYTES) return null;
                return src.readFully(b.offset(), (int) b.length());
            }
            if (v instanceof Value.Str s) return s.text() == null ? null : s.text().getBytes(StandardCharsets.ISO_8859_1);
            if (v instanceof Value.Call c && c.global() != null && c.args instanceof Value.Seq a && !a.items().isEmpty()) {
                String fn = c.global().verdict().dotted();
                byte[] first = constantBytes(a.items().get(0), depth + 1);
                if (first == null) return null;
                switch (fn) {
                    case "_codecs.encode", "codecs.encode" -> {
                        String enc = a.items().size() > 1 && a.items().get(1) instanceof Value.Str e && e.text() != null ? e.text() : "utf-8";
                        String text = new String(first, StandardCharsets.ISO_8859_1);
                        return text.getBytes(Charset.isSupported(enc) ? Charset.forName(enc) : StandardCharsets.UTF_8);
                    }
                    case "io.BytesIO", "builtins.bytes", "builtins.bytearray" -> {
                        return first;
                    }
                    case "base64.b64decode", "base64.standard_b64decode", "base64.decodebytes" -> {
                        return Base64.getMimeDecoder().decode(first);
                    }
                    case "base64.urlsafe_b64decode" -> {
                        return Base64.getUrlDecoder().decode(first);
                    }
                    case "zlib.decompress" -> {
                        return inflate(first, offsetOf(c));
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | DataFormatException e) {
            return null;
        }
        return null;
    }

    private static long offsetOf(Value.Call c) {
        return c.offset;
    }

    private byte[] inflate(byte[] in, long offset) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            while (!inf.finished()) {
                int n = inf.inflate(chunk);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                ctx.chargeExpanded(n, offset);
                if (out.size() + n > MAX_NESTED_BYTES) return null;
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    private static String describe(Value v) {
        if (v instanceof Value.Str s) return s.text() == null ? "<long string>" : "'" + abbreviate(s.text()) + "'";
        if (v instanceof Value.Global g) return g.verdict().dotted();
        if (v instanceof Value.Call c) return "<result of " + (c.global() != null ? c.global().verdict().dotted() : "a call") + ">";
        if (v instanceof Value.Unknown u) return "<" + u.why() + ">";
        if (v instanceof Value.Seq s) return "<" + s.kind() + ">";
        if (v instanceof Value.Dict) return "<dict>";
        if (v instanceof Value.Bytes) return "<bytes>";
        return "<" + v.getClass().getSimpleName().toLowerCase() + ">";
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    private void add(Rule rule, Severity severity, String message, long offset, String evidence) {
        String key = rule.id() + "|" + evidence;
        Agg a = found.get(key);
        if (a != null) {
            a.count()[0]++;
            return;
        }
        if (found.size() >= MAX_DISTINCT) key = "PICKLE_FINDINGS_CAPPED|";
        found.computeIfAbsent(key, k -> new Agg(rule, severity, message, offset, abbreviate(evidence), new int[1]))
                .count()[0]++;
    }

    /** Reports imports that were never invoked, then every aggregated finding. Call once per stream set. */
    void flush() {
        for (Value.Global g : imports.values()) {
            if (invoked.contains(g.offset())) continue;
            PicklePolicy.Verdict v = g.verdict();
            switch (v.level()) {
                case DENY -> add(v.dunder() ? Rule.PICKLE_GLOBAL_DUNDER : Rule.PICKLE_GLOBAL_CRITICAL, Severity.CRITICAL,
                        "imports " + v.dotted() + " (" + v.reason() + ")", g.offset(), v.dotted());
                case UNKNOWN -> add(Rule.PICKLE_GLOBAL_UNKNOWN, Severity.MEDIUM, "imports " + v.dotted() + " (" + v.reason() + ")",
                        g.offset(), v.dotted());
                case LIBRARY -> add(Rule.PICKLE_GLOBAL_LIBRARY, Severity.MEDIUM, "imports " + v.dotted() + " (" + v.reason() + ")",
                        g.offset(), v.dotted());
                case ALLOW -> { }
            }
        }
        imports.clear();
        for (Agg a : found.values()) {
            String msg = a.count()[0] > 1 ? a.message() + " (" + a.count()[0] + " occurrences)" : a.message();
            ctx.report(Finding.of(a.rule(), a.severity(), msg, Location.at(a.offset()), a.evidence()));
        }
        found.clear();
    }
}
