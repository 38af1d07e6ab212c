package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A static model of the pickle virtual machine (protocols 0 to 5). It tracks the stack, the mark
 * stack and the memo with constants, containers, imported globals and call results, and tells a
 * {@link Listener} about every import, invocation and mutation with its byte offset. It never
 * imports or calls anything. Every size is bounded: opcodes, stack depth, memo entries, string
 * lengths, and the total number of container items kept.
 */
final class PickleMachine {

    /** What the machine reports while it runs. */
    interface Listener {
        void imported(Value.Global global, String opcode);

        /** {@code callable} is invoked ({@code REDUCE}, {@code NEWOBJ}, {@code OBJ}, {@code INST}, ...). */
        void invoked(Value callable, Value args, String opcode, long offset);

        /** {@code BUILD}, {@code SETITEM}, {@code APPEND}... applied to something that is not a fresh container. */
        void mutated(Value target, String opcode, long offset);

        void dynamicGlobal(Value module, Value name, long offset);

        void extension(long code, long offset);
    }

    /** The outcome of one pickle: where it ended, whether STOP was reached, and the failure if not. */
    record Result(long start, long end, boolean stopped, Value top, ScanException error, int ops) {
    }

    static final int MAX_STACK = 1 << 20;
    static final int MAX_MARKS = 1 << 16;
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_ITEMS_PER_CONTAINER = 256;
    static final int MAX_ITEMS_TOTAL = 1 << 21;
    static final int MAX_LINE = 1 << 16;

    private static final String JOBLIB_WRAPPER = "joblib.numpy_pickle.NumpyArrayWrapper";

    private final ScanContext ctx;
    private final Listener listener;
    private final int maxString;
    private final long maxOps;
    private final BoundedReader in;
    private int itemsKept;
    private int totalOps;
    private long frameOverrun = -1;

    /** {@code ctx} may be null (probing); then no deadline applies. */
    PickleMachine(ByteSource src, ScanContext ctx, Listener listener, int maxString, long maxOps) {
        this.in = new BoundedReader(src, 0, null);
        this.ctx = ctx;
        this.listener = listener;
        this.maxString = maxString;
        this.maxOps = maxOps;
    }

    long position() {
        return in.position();
    }

    /** Offset of the first FRAME whose declared length runs past the end of the source, or -1. */
    long frameOverrun() {
        return frameOverrun;
    }

    /** Runs one pickle starting at {@code start}; never throws for bad input, the error is in the result. */
    Result run(long start) {
        in.seek(start);
        State st = new State();
        try {
            Value top = execute(st);
            return new Result(start, in.position(), true, top, null, st.ops);
        } catch (ScanException e) {
            return new Result(start, in.position(), false, null, e, st.ops);
        } catch (IOException e) {
            return new Result(start, in.position(), false, null,
                    ScanException.malformed("read failed: " + e.getMessage(), in.position()), st.ops);
        }
    }

    private static final class State {
        final List<Value> stack = new ArrayList<>();
        int[] marks = new int[16];
        int markCount;
        final Map<Long, Value> memo = new HashMap<>();
        int ops;
        int proto;
    }

    private Value execute(State st) throws IOException {
        while (true) {
            long at = in.position();
            if (++st.ops > maxOps || ++totalOps > maxOps) throw ScanException.limitExceeded("pickle opcodes", st.ops, maxOps, at);
            if ((st.ops & 0xfff) == 0 && ctx != null) ctx.checkDeadline(at);
            int op = readByte("opcode");
            switch (op) {
                case '.' -> { return pop(st, at); }
                case 0x80 -> {
                    st.proto = readByte("protocol");
                    if (st.proto > 5) throw ScanException.malformed("unsupported pickle protocol " + st.proto, at);
                }
                case 0x95 -> {
                    long frame = readLong(8, "frame length");
                    if (frame < 0 || frame > in.remaining()) {
                        // the C unpickler stops here; pickle.py runs the short frame first: scan it, then say so
                        if (frameOverrun < 0) frameOverrun = at;
                    }
                }
                case '(' -> {
                    if (st.markCount >= MAX_MARKS) throw ScanException.limitExceeded("pickle marks", st.markCount, MAX_MARKS, at);
                    if (st.markCount == st.marks.length) st.marks = java.util.Arrays.copyOf(st.marks, st.marks.length * 2);
                    st.marks[st.markCount++] = st.stack.size();
                }
                case '0' -> {
                    if (st.stack.size() > base(st)) st.stack.remove(st.stack.size() - 1);
                    else popMark(st, at);
                }
                case '1' -> popMark(st, at);
                case '2' -> push(st, peek(st, at), at);
                case 'N' -> push(st, new Value.Scalar("None"), at);
                case 0x88, 0x89 -> push(st, new Value.Scalar("bool"), at);
                case 'I' -> push(st, parseInt(readLine("INT"), at), at);
                case 'L' -> {
                    String l = readLine("LONG");
                    push(st, parseInt(l.endsWith("L") ? l.substring(0, l.length() - 1) : l, at), at);
                }
                case 'F' -> {
                    String l = readLine("FLOAT").trim();
                    try {
                        Double.parseDouble(l);
                    } catch (NumberFormatException e) {
                        throw ScanException.malformed("bad FLOAT literal", at);
                    }
                    push(st, new Value.Scalar("float"), at);
                }
                case 'J' -> push(st, new Value.Int(BigInteger.valueOf((int) readLong(4, "BININT"))), at);
                case 'K' -> push(st, new Value.Int(BigInteger.valueOf(readByte("BININT1"))), at);
                case 'M' -> push(st, new Value.Int(BigInteger.valueOf(readLong(2, "BININT2"))), at);
                case 0x8a -> push(st, readLongN(readByte("LONG1 length"), at), at);
                case 0x8b -> push(st, readLongN(checkLen(signed32(readLong(4, "LONG4 length")), at), at), at);
                case 'G' -> {
                    readLong(8, "BINFLOAT");
                    push(st, new Value.Scalar("float"), at);
                }
                case 'S' -> push(st, parseStringLiteral(readLine("STRING"), at), at);
                case 'T' -> push(st, readStr(checkLen(signed32(readLong(4, "BINSTRING length")), at), false, at), at);
                case 'U' -> push(st, readStr(readByte("SHORT_BINSTRING length"), false, at), at);
                case 'V' -> push(st, new Value.Str(decodeRawUnicodeEscape(readLine("UNICODE")), at), at);
                case 'X' -> push(st, readStr(readLong(4, "BINUNICODE length"), true, at), at);
                case 0x8c -> push(st, readStr(readByte("SHORT_BINUNICODE length"), true, at), at);
                case 0x8d -> push(st, readStr(readLong(8, "BINUNICODE8 length"), true, at), at);
                case 'B' -> push(st, readBytes(readLong(4, "BINBYTES length"), at), at);
                case 'C' -> push(st, readBytes(readByte("SHORT_BINBYTES length"), at), at);
                case 0x8e, 0x96 -> push(st, readBytes(readLong(8, "BINBYTES8 length"), at), at);
                case 0x97 -> push(st, new Value.Unknown("out-of-band buffer"), at);
                case 0x98 -> peek(st, at);
                case ')' -> push(st, Value.Seq.of("tuple", List.of()), at);
                case 't' -> push(st, Value.Seq.of("tuple", keep(popMark(st, at))), at);
                case 0x85 -> push(st, Value.Seq.of("tuple", popN(st, 1, at)), at);
                case 0x86 -> push(st, Value.Seq.of("tuple", popN(st, 2, at)), at);
                case 0x87 -> push(st, Value.Seq.of("tuple", popN(st, 3, at)), at);
                case ']' -> push(st, Value.Seq.of("list", List.of()), at);
                case 'l' -> push(st, Value.Seq.of("list", keep(popMark(st, at))), at);
                case 0x8f -> push(st, Value.Seq.of("set", List.of()), at);
                case 0x91 -> push(st, Value.Seq.of("frozenset", keep(popMark(st, at))), at);
                case '}' -> push(st, Value.Dict.empty(), at);
                case 'd' -> {
                    Value.Dict d = Value.Dict.empty();
                    addPairs(d, popMark(st, at), at);
                    push(st, d, at);
                }
                case 'a' -> {
                    Value v = pop(st, at);
                    addItems(peek(st, at), List.of(v), "APPEND", at);
                }
                case 'e', 0x90 -> {
                    List<Value> items = popMark(st, at);
                    addItems(peek(st, at), items, op == 'e' ? "APPENDS" : "ADDITEMS", at);
                }
                case 's' -> {
                    Value v = pop(st, at);
                    Value k = pop(st, at);
                    Value target = peek(st, at);
                    if (target instanceof Value.Dict d) addPairs(d, List.of(k, v), at);
                    else listener.mutated(target, "SETITEM", at);
                }
                case 'u' -> {
                    List<Value> items = popMark(st, at);
                    Value target = peek(st, at);
                    if (target instanceof Value.Dict d) addPairs(d, items, at);
                    else listener.mutated(target, "SETITEMS", at);
                }
                case 'g' -> push(st, memoGet(st, parseIndex(readLine("GET"), at), at), at);
                case 'h' -> push(st, memoGet(st, readByte("BINGET index"), at), at);
                case 'j' -> push(st, memoGet(st, readLong(4, "LONG_BINGET index"), at), at);
                case 'p' -> memoPut(st, parseIndex(readLine("PUT"), at), at);
                case 'q' -> memoPut(st, readByte("BINPUT index"), at);
                case 'r' -> memoPut(st, readLong(4, "LONG_BINPUT index"), at);
                case 0x94 -> memoPut(st, st.memo.size(), at);
                case 'c' -> {
                    String module = readLine("GLOBAL module");
                    String name = readLine("GLOBAL name");
                    push(st, importGlobal(module, name, at, "GLOBAL"), at);
                }
                case 0x93 -> {
                    Value name = pop(st, at);
                    Value module = pop(st, at);
                    if (module instanceof Value.Str m && m.text() != null && name instanceof Value.Str n && n.text() != null) {
                        push(st, importGlobal(m.text(), n.text(), at, "STACK_GLOBAL"), at);
                    } else {
                        listener.dynamicGlobal(module, name, at);
                        push(st, new Value.Unknown("dynamic global"), at);
                    }
                }
                case 'i' -> {
                    String module = readLine("INST module");
                    String name = readLine("INST name");
                    Value.Global g = importGlobal(module, name, at, "INST");
                    List<Value> args = popMark(st, at);
                    push(st, invoke(g, Value.Seq.of("tuple", keep(args)), "INST", at), at);
                }
                case 'o' -> {
                    List<Value> items = popMark(st, at);
                    if (items.isEmpty()) throw ScanException.malformed("OBJ without a class", at);
                    push(st, invoke(items.get(0), Value.Seq.of("tuple", keep(items.subList(1, items.size()))), "OBJ", at), at);
                }
                case 'R' -> {
                    Value args = pop(st, at);
                    Value callable = pop(st, at);
                    push(st, invoke(callable, args, "REDUCE", at), at);
                }
                case 0x81 -> {
                    Value args = pop(st, at);
                    Value cls = pop(st, at);
                    push(st, invoke(cls, args, "NEWOBJ", at), at);
                }
                case 0x92 -> {
                    pop(st, at);
                    Value args = pop(st, at);
                    Value cls = pop(st, at);
                    push(st, invoke(cls, args, "NEWOBJ_EX", at), at);
                }
                case 'b' -> {
                    Value state = pop(st, at);
                    Value target = peek(st, at);
                    if (target instanceof Value.Call c) {
                        c.state = state;
                        if (c.global() == null || c.global().verdict().level() != PicklePolicy.Level.ALLOW) {
                            listener.mutated(target, "BUILD", at);
                        }
                        Value.Global g = c.global();
                        if (g != null && g.verdict().dotted().endsWith(JOBLIB_WRAPPER)) joblibArray(c, at);
                    } else {
                        listener.mutated(target, "BUILD", at);
                    }
                }
                case 'P' -> {
                    readLine("PERSID");
                    push(st, new Value.Unknown("persistent id"), at);
                }
                case 'Q' -> {
                    pop(st, at);
                    push(st, new Value.Unknown("persistent id"), at);
                }
                case 0x82, 0x83, 0x84 -> {
                    long code = readLong(op == 0x82 ? 1 : op == 0x83 ? 2 : 4, "EXT code");
                    listener.extension(code, at);
                    push(st, new Value.Unknown("extension " + code), at);
                }
                default -> throw ScanException.malformed(String.format("invalid pickle opcode 0x%02x", op), at);
            }
        }
    }

    // ---- values ----

    private Value.Global importGlobal(String module, String name, long at, String opcode) {
        Value.Global g = new Value.Global(module, name, at, PicklePolicy.judge(module, name));
        listener.imported(g, opcode);
        return g;
    }

    private Value invoke(Value callable, Value args, String opcode, long at) {
        listener.invoked(callable, args, opcode, at);
        if (callable instanceof Value.Global g && RESOLVERS.contains(g.verdict().dotted())) {
            Value.Global r = resolve(args, at);
            if (r != null) {
                listener.imported(r, "RESOLVED");
                return r;
            }
            return new Value.Unknown("name resolved at load time");
        }
        return new Value.Call(callable, args, at);
    }

    /** Allowlisted functions that import a module and return one of its attributes, both named by strings. */
    static final java.util.Set<String> RESOLVERS = java.util.Set.of("numpy.core._ufunc_reconstruct",
            "numpy._core._ufunc_reconstruct");
    private static final java.util.Set<String> UFUNC_MODULES = java.util.Set.of("numpy", "numpy.core.umath",
            "numpy._core.umath", "scipy.special", "scipy.special._ufuncs");

    /**
     * What {@code _ufunc_reconstruct(module, name)} returns, judged like a GLOBAL of the same strings
     * (a real numpy ufunc is allowed); null when the strings are not constants.
     */
    private static Value.Global resolve(Value args, long at) {
        if (!(args instanceof Value.Seq s) || s.items().size() != 2 || !(s.items().get(0) instanceof Value.Str m)
                || !(s.items().get(1) instanceof Value.Str n) || m.text() == null || n.text() == null) return null;
        PicklePolicy.Verdict v = PicklePolicy.judge(m.text(), n.text());
        if (v.level() == PicklePolicy.Level.UNKNOWN && UFUNC_MODULES.contains(m.text()) && n.text().matches("[a-z][a-z0-9_]*")) {
            v = new PicklePolicy.Verdict(v.dotted(), PicklePolicy.Level.ALLOW, "numpy ufunc");
        }
        return new Value.Global(m.text(), n.text(), at, v);
    }

    /**
     * joblib writes each array's raw bytes right after its pickled NumpyArrayWrapper (or, for object
     * arrays, a whole protocol 2 pickle): skip the bytes, scan the pickle.
     */
    private void joblibArray(Value.Call wrapper, long at) throws IOException {
        if (!(wrapper.state instanceof Value.Dict d)) throw ScanException.malformed("joblib array wrapper without state", at);
        Value dtype = d.get("dtype");
        Value shape = d.get("shape");
        if (!(dtype instanceof Value.Call dt) || !(shape instanceof Value.Seq sh) || sh.dropped()[0] > 0) {
            throw ScanException.malformed("joblib array wrapper with unreadable dtype or shape", at);
        }
        String descr = dt.args instanceof Value.Seq a && !a.items().isEmpty() && a.items().get(0) instanceof Value.Str s
                ? s.text() : null;
        long elsize = -1;
        long flags = 0;
        if (dt.state instanceof Value.Seq ds && ds.items().size() >= 8) {
            if (ds.items().get(5) instanceof Value.Int i) elsize = i.value().longValue();
            if (ds.items().get(7) instanceof Value.Int i) flags = i.value().longValue();
        }
        if (descr != null && descr.startsWith("O") || (flags & 1) != 0) {
            Result inner = run(in.position());
            if (!inner.stopped()) throw inner.error();
            return;
        }
        if (elsize <= 0 && descr != null) elsize = NumpyDetector.itemSize(descr, 0, at);
        if (elsize <= 0) throw ScanException.malformed("joblib array dtype without item size", at);
        long count = 1;
        for (Value v : sh.items()) {
            if (!(v instanceof Value.Int i) || i.value().signum() < 0 || i.value().bitLength() > 40) {
                throw ScanException.malformed("joblib array with a bad shape", at);
            }
            count = Math.multiplyExact(count, i.value().longValue());
        }
        Value align = d.get("numpy_array_alignment_bytes");
        if (align instanceof Value.Int) skip(readByte("joblib padding length"), "joblib padding");
        skip(Math.multiplyExact(count, elsize), "joblib array data");
    }

    private Value memoGet(State st, long index, long at) {
        Value v = st.memo.get(index);
        if (v == null) throw ScanException.malformed("memo key " + index + " was never stored", at);
        return v;
    }

    private void memoPut(State st, long index, long at) {
        if (index < 0) throw ScanException.malformed("negative memo index", at);
        if (st.memo.size() >= MAX_MEMO && !st.memo.containsKey(index)) {
            throw ScanException.limitExceeded("pickle memo entries", st.memo.size(), MAX_MEMO, at);
        }
        st.memo.put(index, peek(st, at));
    }

    private List<Value> keep(List<Value> items) {
        if (items.size() <= MAX_ITEMS_PER_CONTAINER && itemsKept + items.size() <= MAX_ITEMS_TOTAL) {
            itemsKept += items.size();
            return items;
        }
        return List.of();
    }

    private void addItems(Value target, List<Value> items, String opcode, long at) {
        if (target instanceof Value.Seq s && !s.kind().equals("tuple") && !s.kind().equals("frozenset")) {
            for (Value v : items) {
                if (s.items().size() < MAX_ITEMS_PER_CONTAINER && itemsKept < MAX_ITEMS_TOTAL) {
                    s.items().add(v);
                    itemsKept++;
                } else {
                    s.dropped()[0]++;
                }
            }
        } else {
            listener.mutated(target, opcode, at);
        }
    }

    private void addPairs(Value.Dict d, List<Value> items, long at) {
        if (items.size() % 2 != 0) throw ScanException.malformed("odd number of dict items", at);
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (d.keys().size() < MAX_ITEMS_PER_CONTAINER && itemsKept < MAX_ITEMS_TOTAL) {
                d.keys().add(items.get(i));
                d.values().add(items.get(i + 1));
                itemsKept += 2;
            } else {
                d.dropped()[0]++;
            }
        }
    }

    // ---- stack ----

    private static int base(State st) {
        return st.markCount == 0 ? 0 : st.marks[st.markCount - 1];
    }

    private static void push(State st, Value v, long at) {
        if (st.stack.size() >= MAX_STACK) throw ScanException.limitExceeded("pickle stack depth", st.stack.size(), MAX_STACK, at);
        st.stack.add(v);
    }

    private static Value pop(State st, long at) {
        if (st.stack.size() <= base(st)) throw ScanException.malformed("pickle stack underflow", at);
        return st.stack.remove(st.stack.size() - 1);
    }

    private static Value peek(State st, long at) {
        if (st.stack.size() <= base(st)) throw ScanException.malformed("pickle stack underflow", at);
        return st.stack.get(st.stack.size() - 1);
    }

    private static List<Value> popN(State st, int n, long at) {
        if (st.stack.size() - base(st) < n) throw ScanException.malformed("pickle stack underflow", at);
        List<Value> tail = st.stack.subList(st.stack.size() - n, st.stack.size());
        List<Value> out = new ArrayList<>(tail);
        tail.clear();
        return out;
    }

    private static List<Value> popMark(State st, long at) {
        if (st.markCount == 0) throw ScanException.malformed("no MARK on the pickle stack", at);
        int m = st.marks[--st.markCount];
        List<Value> tail = st.stack.subList(m, st.stack.size());
        List<Value> out = new ArrayList<>(tail);
        tail.clear();
        return out;
    }

    // ---- literals ----

    private static Value.Int parseInt(String line, long at) {
        String s = line.trim().replace("_", "");
        if (s.startsWith("+")) s = s.substring(1);
        try {
            if (s.length() > 4300) throw new NumberFormatException();
            return new Value.Int(new BigInteger(s));
        } catch (NumberFormatException e) {
            throw ScanException.malformed("bad integer literal", at);
        }
    }

    private static long parseIndex(String line, long at) {
        Value.Int v = parseInt(line, at);
        if (v.value().bitLength() > 40) throw ScanException.malformed("memo index out of range", at);
        return v.value().longValue();
    }

    private Value.Str parseStringLiteral(String line, long at) {
        String s = line.strip();
        if (s.length() < 2 || (s.charAt(0) != '\'' && s.charAt(0) != '"') || s.charAt(s.length() - 1) != s.charAt(0)) {
            throw ScanException.malformed("the STRING opcode argument must be quoted", at);
        }
        return new Value.Str(decodeEscapes(s.substring(1, s.length() - 1)), at);
    }

    /** Python's string-escape decoding, enough to recover names ({@code \x6f\x73} is {@code os}). */
    private static String decodeEscapes(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = i;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') end++;
                    sb.append((char) Integer.parseInt(s.substring(i, end), 8));
                    i = end - 1;
                }
                case 'x' -> {
                    if (i + 2 < s.length() + 0 && isHex(s, i + 1, 2)) {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else sb.append("\\x");
                }
                default -> sb.append(n == '\\' || n == '\'' || n == '"' ? String.valueOf(n) : "\\" + n);
            }
        }
        return sb.toString();
    }

    private static String decodeRawUnicodeEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int n = s.charAt(i + 1) == 'u' ? 4 : 8;
                if (isHex(s, i + 2, n)) {
                    sb.appendCodePoint((int) Long.parseLong(s.substring(i + 2, i + 2 + n), 16));
                    i += 1 + n;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** UTF-8 as Python decodes it with {@code surrogatepass}: encoded surrogates are accepted. */
    static boolean validUtf8(byte[] b) {
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xff;
            int n;
            int min;
            if (c < 0x80) { i++; continue; }
            else if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
            else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
            else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
            else return false;
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length) return false;
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) return false;
                cp = cp << 6 | cc & 0x3f;
            }
            if (cp < min || cp > 0x10ffff) return false;
            i += n + 1;
        }
        return true;
    }

    private static boolean isHex(String s, int from, int n) {
        if (from + n > s.length()) return false;
        for (int i = from; i < from + n; i++) if (Character.digit(s.charAt(i), 16) < 0) return false;
        return true;
    }

    // ---- bounded reading ----

    private long checkLen(long len, long at) {
        if (len < 0) throw ScanException.negativeLength("pickle argument", at);
        return len;
    }

    private static long signed32(long v) {
        return (int) v;
    }

    private Value.Int readLongN(long n, long at) throws IOException {
        if (n > 4096) throw ScanException.limitExceeded("pickle LONG length", n, 4096, at);
        byte[] b = read((int) n, "LONG");
        byte[] be = new byte[b.length + 1];
        for (int i = 0; i < b.length; i++) be[b.length - i] = b[i];
        be[0] = (byte) (b.length > 0 && b[b.length - 1] < 0 ? 0xff : 0);
        return new Value.Int(n == 0 ? BigInteger.ZERO : new BigInteger(be));
    }

    private Value readStr(long len, boolean utf8, long at) throws IOException {
        requireAvailable(len, at);
        if (len > maxString) {
            skip(len, "string");
            return new Value.Str(null, at);
        }
        byte[] b = read((int) len, "string");
        if (utf8 && !validUtf8(b)) {
            throw ScanException.malformed("invalid UTF-8 in a unicode string: the loader stops here", at);
        }
        return new Value.Str(new String(b, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), at);
    }

    private Value readBytes(long len, long at) throws IOException {
        requireAvailable(len, at);
        long start = in.position();
        if (len > maxString) {
            skip(len, "bytes");
            return new Value.Bytes(null, start, len);
        }
        return new Value.Bytes(read((int) len, "bytes"), start, len);
    }

    private void requireAvailable(long len, long at) {
        if (len < 0 || len > in.remaining()) throw ScanException.truncated("pickle argument of " + len + " bytes", at);
    }

    private void skip(long n, String field) {
        if (n < 0 || n > in.remaining()) throw ScanException.truncated(field, in.position());
        in.skip(n, field);
    }

    private int readByte(String field) throws IOException {
        return in.u8(field);
    }

    private long readLong(int n, String field) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) v |= ((long) readByte(field)) << (8 * i);
        return v;
    }

    /** {@code n} bytes; a stream that ends inside them is truncated where it ends. */
    private byte[] read(int n, String field) throws IOException {
        if (n > in.remaining()) throw ScanException.truncated(field, in.end());
        return in.bytes(n, field);
    }

    private String readLine(String field) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte(field);
            if (b == '\n') break;
            if (sb.length() >= MAX_LINE) throw ScanException.limitExceeded("pickle text line", sb.length(), MAX_LINE, in.position());
            sb.append((char) b);
        }
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
        byte[] raw = new byte[sb.length()];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) sb.charAt(i);
        return new String(raw, StandardCharsets.UTF_8);
    }
}
