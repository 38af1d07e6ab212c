package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy {@code .npy}: the header dict is parsed as a bounded Python literal. An object dtype means
 * the data is a pickle (scanned); otherwise shape times item size is checked against the bytes present.
 */
public final class NumpyDetector extends AbstractDetector {
    public static final String ID = "npy";
    static final int MAX_HEADER = 1 << 20;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean accepts(Probe probe) {
        return probe.startsWith(MAGIC);
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        byte[] pre = source.readFully(0, 12);
        if (pre.length < 10) throw ScanException.truncated("npy preamble", pre.length);
        int major = pre[6] & 0xff;
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (pre.length < 12) throw ScanException.truncated("npy preamble", pre.length);
            headerLen = ((pre[8] & 0xffL) | (pre[9] & 0xffL) << 8 | (pre[10] & 0xffL) << 16 | (pre[11] & 0xffL) << 24);
            headerStart = 12;
        } else {
            throw ScanException.malformed("unknown npy format version " + major, 6);
        }
        if (headerLen > MAX_HEADER) throw ScanException.limitExceeded("npy header bytes", headerLen, MAX_HEADER, 8);
        if (headerStart + headerLen > source.size()) throw ScanException.truncated("npy header", headerStart);
        String header = new String(source.readFully(headerStart, (int) headerLen),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed = new Literal(header, headerStart).parse();
        if (!(parsed instanceof Map<?, ?> dict)) throw ScanException.malformed("npy header is not a dict", headerStart);
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw ScanException.malformed("npy header keys are not exactly descr, fortran_order, shape (numpy refuses it)",
                    headerStart);
        }
        Object descr = dict.get("descr");
        Object shape = dict.get("shape");
        if (descr == null || !(shape instanceof List<?> dims) || !(dict.get("fortran_order") instanceof Boolean)) {
            throw ScanException.malformed("npy header lacks descr, shape or fortran_order", headerStart);
        }
        long dataStart = headerStart + headerLen;
        ByteSource data = source.slice(dataStart, source.size() - dataStart);
        if (hasObject(descr, 0)) {
            int mark = ctx.findingCount();
            String err = ctx.scanEmbedded("array-data", data, PickleDetector.ID);
            Severity inner = ctx.worstSince(mark);
            boolean plain = err == null && (inner == null || !inner.atLeast(Severity.MEDIUM));
            ctx.report(Rule.NPY_OBJECT_ARRAY, plain ? Severity.LOW : Severity.MEDIUM, "object array: numpy.load(allow_pickle"
                    + "=True) unpickles its data (scanned as a pickle" + (plain ? "; it builds only plain values)" : ")"),
                    Location.at(dataStart), String.valueOf(descr));
            if (err != null) throw new ScanException(Rule.NPY_PICKLE_UNJUDGED, "embedded pickle: " + err, dataStart);
            return;
        }
        long item = itemSize(descr, 0, headerStart);
        BigInteger count = BigInteger.ONE;
        for (Object d : dims) {
            if (!(d instanceof BigInteger n) || n.signum() < 0) throw ScanException.malformed("bad npy shape", headerStart);
            count = count.multiply(n);
        }
        BigInteger expected = count.multiply(BigInteger.valueOf(item));
        BigInteger present = BigInteger.valueOf(data.size());
        int cmp = expected.compareTo(present);
        if (cmp > 0) {
            ctx.report(Rule.NPY_DATA_TRUNCATED, "shape and dtype need " + expected + " bytes, only "
                    + present + " are present", Location.at(dataStart), String.valueOf(dims));
        } else if (cmp < 0) {
            ctx.report(Rule.NPY_TRAILING_DATA, present.subtract(expected) + " bytes follow the array data",
                    Location.at(dataStart + expected.longValue()), "");
        }
    }

    static boolean hasObject(Object descr, int depth) {
        if (depth > 32) return true;
        if (descr instanceof String s) return s.replaceAll("^[<>|=]", "").startsWith("O");
        if (descr instanceof List<?> l) {
            for (Object o : l) if (hasObject(o, depth + 1)) return true;
        }
        return false;
    }

    /** Item size of a dtype description: a type string or a list of (name, type[, shape]) fields. */
    static long itemSize(Object descr, int depth, long at) {
        if (depth > 32) throw ScanException.limitExceeded("npy dtype nesting", depth, 32, at);
        if (descr instanceof String s) {
            String t = s.replaceAll("^[<>|=]", "");
            int bracket = t.indexOf('[');
            if (bracket >= 0) t = t.substring(0, bracket);
            if (t.isEmpty()) throw ScanException.malformed("empty npy type string", at);
            char kind = t.charAt(0);
            long n;
            try {
                n = t.length() > 1 ? Long.parseLong(t.substring(1)) : (kind == '?' ? 1 : 0);
            } catch (NumberFormatException e) {
                throw ScanException.malformed("bad npy type string " + s, at);
            }
            if (n < 0 || n > (1L << 40)) throw ScanException.malformed("bad npy item size " + s, at);
            return kind == 'U' ? n * 4 : n;
        }
        if (descr instanceof List<?> fields) {
            long total = 0;
            for (Object f : fields) {
                if (!(f instanceof List<?> t) || t.size() < 2) throw ScanException.malformed("bad npy field", at);
                long size = itemSize(t.get(1), depth + 1, at);
                if (t.size() > 2 && t.get(2) instanceof List<?> sub) {
                    for (Object d : sub) if (d instanceof BigInteger b && b.bitLength() < 40) size = Math.multiplyExact(size, b.longValue());
                }
                total = Math.addExact(total, size);
            }
            return total;
        }
        throw ScanException.malformed("bad npy descr", at);
    }

    /** A bounded parser for the Python literals numpy writes: dicts, tuples, lists, strings, ints, booleans. */
    static final class Literal {
        private final String s;
        private final long base;
        private int p;
        private int depth;

        Literal(String s, long base) {
            this.s = s;
            this.base = base;
        }

        /** The whole header must be one literal, as {@code ast.literal_eval} reads it (comments allowed). */
        Object parse() {
            Object v = value();
            ws();
            while (p < s.length() && s.charAt(p) == '#') {
                while (p < s.length() && s.charAt(p) != '\n') p++;
                ws();
            }
            if (p < s.length()) throw ScanException.malformed("junk after the npy header dict (numpy refuses it)", base + p);
            return v;
        }

        private Object value() {
            ws();
            if (p >= s.length()) throw ScanException.malformed("npy header ends early", base + p);
            if (++depth > 64) throw ScanException.limitExceeded("npy header nesting", depth, 64, base + p);
            try {
                char c = s.charAt(p);
                if (c == '{') {
                    p++;
                    Map<Object, Object> m = new LinkedHashMap<>();
                    while (true) {
                        ws();
                        if (peek() == '}') { p++; return m; }
                        Object k = value();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (peek() == ',') p++;
                        else { expect('}'); return m; }
                    }
                }
                if (c == '(' || c == '[') {
                    char close = c == '(' ? ')' : ']';
                    p++;
                    List<Object> l = new ArrayList<>();
                    while (true) {
                        ws();
                        if (peek() == close) { p++; return l; }
                        l.add(value());
                        ws();
                        if (peek() == ',') p++;
                        else { expect(close); return l; }
                    }
                }
                if (c == '\'' || c == '"') {
                    int end = s.indexOf(c, p + 1);
                    if (end < 0) throw ScanException.malformed("unterminated string in npy header", base + p);
                    String v = s.substring(p + 1, end);
                    p = end + 1;
                    return v;
                }
                int start = p;
                while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '-' || s.charAt(p) == '_')) p++;
                String word = s.substring(start, p);
                if (word.equals("True")) return Boolean.TRUE;
                if (word.equals("False")) return Boolean.FALSE;
                if (word.equals("None")) return "None";
                String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
                if (digits.matches("-?[0-9]{1,30}")) return new BigInteger(digits);
                throw ScanException.malformed("unexpected token in npy header", base + start);
            } finally {
                depth--;
            }
        }

        private char peek() {
            return p < s.length() ? s.charAt(p) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) throw ScanException.malformed("expected '" + c + "' in npy header", base + p);
            p++;
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }
    }
}
