package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.formats.internal.JsonTree.Node;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a safetensors header table: {@code __metadata__} is a string map; each tensor has a known
 * dtype, a shape of non-negative integers and {@code data_offsets [begin, end]} inside the data
 * region, of exactly dtype size × shape product bytes (overflow checked); tensors neither overlap
 * nor leave holes.
 */
public final class SafetensorsLayout {
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8),
            Map.entry("F8_E4M3", 8), Map.entry("F8_E8M0", 8), Map.entry("I16", 16), Map.entry("U16", 16),
            Map.entry("F16", 16), Map.entry("BF16", 16), Map.entry("I32", 32), Map.entry("U32", 32),
            Map.entry("F32", 32), Map.entry("F64", 64), Map.entry("I64", 64), Map.entry("U64", 64),
            Map.entry("C64", 64), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6));
    private static final int MAX_REPORTS_PER_RULE = 20;

    private record Span(String name, long begin, long end, long offset) {
    }

    private final ScanContext ctx;
    private final long base;
    private final Map<Rule, int[]> counts = new java.util.EnumMap<>(Rule.class);

    private SafetensorsLayout(ScanContext ctx, long base) {
        this.ctx = ctx;
        this.base = base;
    }

    /**
     * Reports layout problems; returns the end of the furthest tensor relative to the data region
     * (0 when there is none), or -1 when an entry could not be placed.
     */
    public static long check(ScanContext ctx, Node root, long dataLen, long base) {
        SafetensorsLayout l = new SafetensorsLayout(ctx, base);
        List<Span> spans = new ArrayList<>();
        boolean bad = false;
        for (Map.Entry<String, Node> e : root.object().entrySet()) {
            ctx.checkDeadline(base + e.getValue().offset());
            if (e.getKey().equals("__metadata__")) {
                l.metadata(e.getValue());
                continue;
            }
            Span s = l.tensor(e.getKey(), e.getValue(), dataLen);
            if (s == null) bad = true;
            else spans.add(s);
        }
        spans.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long reached = 0;
        for (Span s : spans) {
            if (s.begin < reached) {
                l.report(Rule.SAFETENSORS_OVERLAPPING_TENSORS, "tensor data overlaps the previous tensor",
                        s, s.name + " [" + s.begin + "," + s.end + ") starts before " + reached);
            } else if (s.begin > reached) {
                l.report(Rule.SAFETENSORS_DATA_HOLE, (s.begin - reached)
                        + " unaccounted bytes before this tensor", s, s.name + " begins at " + s.begin);
            }
            reached = Math.max(reached, s.end);
        }
        return bad ? -1 : reached;
    }

    private void metadata(Node m) {
        if (!(m.value() instanceof Map<?, ?>)) {
            report(Rule.SAFETENSORS_BAD_METADATA, "__metadata__ is not an object", m, "");
            return;
        }
        for (Map.Entry<String, Node> e : m.object().entrySet()) {
            if (!(e.getValue().value() instanceof String)) {
                report(Rule.SAFETENSORS_BAD_METADATA, "__metadata__ value is not a string", e.getValue(),
                        TfOps.shorten(e.getKey()));
            }
        }
    }

    private Span tensor(String name, Node t, long dataLen) {
        String n = TfOps.shorten(name);
        String dtype = t.text("dtype");
        Node shape = t.get("shape");
        Node offsets = t.get("data_offsets");
        if (dtype == null || !DTYPE_BITS.containsKey(dtype) || shape == null || !(shape.value() instanceof List<?>)
                || offsets == null || offsets.array().size() != 2) {
            report(Rule.SAFETENSORS_BAD_TENSOR_ENTRY, "tensor entry lacks a known dtype, a shape or two "
                    + "data offsets", t, n + " dtype=" + TfOps.shorten(dtype));
            return null;
        }
        BigInteger elems = BigInteger.ONE;
        for (Node d : shape.array()) {
            if (!(d.value() instanceof BigInteger b) || b.signum() < 0) {
                report(Rule.SAFETENSORS_BAD_TENSOR_ENTRY, "shape holds a value that is not a "
                        + "non-negative integer", d, n);
                return null;
            }
            elems = elems.multiply(b);
            if (elems.bitLength() > 80) break;
        }
        BigInteger[] off = new BigInteger[2];
        for (int i = 0; i < 2; i++) {
            Node o = offsets.array().get(i);
            if (!(o.value() instanceof BigInteger b) || b.signum() < 0) {
                report(Rule.SAFETENSORS_BAD_TENSOR_ENTRY, "data offset is not a non-negative integer", o, n);
                return null;
            }
            off[i] = b;
        }
        BigInteger len = BigInteger.valueOf(dataLen);
        if (off[0].compareTo(off[1]) > 0 || off[1].compareTo(len) > 0) {
            report(Rule.SAFETENSORS_OFFSETS_OUT_OF_BOUNDS, "data offsets fall outside the " + dataLen
                    + "-byte data region", offsets, n + " [" + off[0] + "," + off[1] + ")");
            return null;
        }
        BigInteger bits = elems.multiply(BigInteger.valueOf(DTYPE_BITS.get(dtype)));
        BigInteger expected = bits.add(BigInteger.valueOf(7)).shiftRight(3);
        BigInteger actual = off[1].subtract(off[0]);
        if (!bits.mod(BigInteger.valueOf(8)).equals(BigInteger.ZERO) || !expected.equals(actual)) {
            report(Rule.SAFETENSORS_SIZE_MISMATCH, "data length does not match dtype × shape", offsets,
                    n + " " + dtype + " expects " + (expected.bitLength() > 63 ? "an overflowing size" : expected
                            + " bytes") + ", offsets span " + actual);
        }
        return new Span(n, off[0].longValueExact(), off[1].longValueExact(), offsets.offset());
    }

    private void report(Rule rule, String message, Span s, String evidence) {
        report(rule, message, new Node(null, s.offset, 0), evidence);
    }

    private void report(Rule rule, String message, Node at, String evidence) {
        int[] c = counts.computeIfAbsent(rule, k -> new int[1]);
        if (c[0]++ < MAX_REPORTS_PER_RULE) {
            ctx.report(rule, message, Location.at(base + at.offset()), evidence);
        }
    }
}
