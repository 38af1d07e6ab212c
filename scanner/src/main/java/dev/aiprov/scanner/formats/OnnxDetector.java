package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.formats.internal.ProtoProbe;
import dev.aiprov.scanner.formats.internal.ProtoReader;
import dev.aiprov.scanner.formats.internal.TfOps;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX ModelProto (field numbers from onnx.proto): graph(7), training_info(20) with its graphs
 * (1, 2), functions(25); GraphProto node(1), initializer(5), sparse_initializer(15); NodeProto
 * op_type(4), domain(7), attribute(5); AttributeProto t(5), g(6), tensors(10), graphs(11),
 * sparse_tensor(22), sparse_tensors(23); TensorProto name(8), external_data(13) of
 * StringStringEntryProto{key=1, value=2}. Tensor data is skipped without being read.
 * Flags external-data locations that leave the model folder and operators from custom domains.
 */
public final class OnnxDetector extends AbstractDetector {
    public static final String ID = "onnx";
    private static final int MAX_GRAPH_DEPTH = 32;
    private static final int MAX_STRING = 4096;
    private static final Map<Integer, Integer> MODEL_FIELDS = Map.ofEntries(Map.entry(1, 0), Map.entry(2, 2),
            Map.entry(3, 2), Map.entry(4, 2), Map.entry(5, 0), Map.entry(6, 2), Map.entry(7, 2), Map.entry(8, 2),
            Map.entry(14, 2), Map.entry(20, 2), Map.entry(25, 2));
    private static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml", "com.microsoft",
            "ai.onnx.training", "ai.onnx.preview.training");

    private record CustomOp(String domain, String op, String node, String where, long offset) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public boolean accepts(Probe probe) {
        if (probe.nameEndsWith("saved_model.pb")) return false;
        List<ProtoProbe.Field> fields = ProtoProbe.fields(probe.head(), 16);
        if (fields.isEmpty() || fields.get(0).number() != 1 || fields.get(0).wireType() != 0) return false;
        long ir = fields.get(0).value();
        if (ir < 1 || ir > 64) return false;
        boolean graph = false;
        for (ProtoProbe.Field f : fields) {
            Integer wt = MODEL_FIELDS.get(f.number());
            if (wt == null || wt != f.wireType()) return false;
            graph |= f.number() == 7;
        }
        return graph || probe.nameEndsWith(".onnx");
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        if (source.size() > Integer.MAX_VALUE) {
            throw ScanException.limitExceeded("protobuf size", source.size(), Integer.MAX_VALUE, 0);
        }
        Walk w = new Walk(ctx, new ProtoReader(source, ctx));
        ProtoReader in = w.in;
        for (int tag; (tag = in.tag()) != 0; ) {
            int f = ProtoReader.field(tag);
            if (f == 7 && ProtoReader.isLen(tag)) {
                w.message(() -> w.graph("graph", 0));
            } else if (f == 20 && ProtoReader.isLen(tag)) {
                w.message(() -> w.each(t -> ProtoReader.field(t) <= 2, t -> w.graph("training_info", 0)));
            } else if (f == 25 && ProtoReader.isLen(tag)) {
                w.message(w::function);
            } else {
                in.skip(tag);
            }
        }
        for (CustomOp op : w.customOps) {
            if (w.localFunctions.contains(op.domain + ":" + op.op)) continue;
            ctx.report(Rule.ONNX_CUSTOM_OP_DOMAIN, "operator from custom domain '" + TfOps.shorten(op.domain)
                    + "' needs code registered by the runtime", Location.member(op.where, op.offset),
                    "domain=" + TfOps.shorten(op.domain) + " op=" + TfOps.shorten(op.op) + " node=" + TfOps.shorten(op.node));
        }
    }

    /** State of one walk: the reader, custom operators seen, model-local functions. */
    private static final class Walk {
        final ScanContext ctx;
        final ProtoReader in;
        final List<CustomOp> customOps = new ArrayList<>();
        final Set<String> localFunctions = new HashSet<>();
        final Set<String> externalSeen = new HashSet<>();

        Walk(ScanContext ctx, ProtoReader in) {
            this.ctx = ctx;
            this.in = in;
        }

        void message(Runnable body) {
            int lim = in.enter();
            body.run();
            in.exit(lim);
        }

        /** Runs {@code body} inside each length-delimited field accepted by {@code which}; skips others. */
        void each(java.util.function.IntPredicate which, java.util.function.IntConsumer body) {
            for (int tag; (tag = in.tag()) != 0; ) {
                if (ProtoReader.isLen(tag) && which.test(tag)) {
                    int lim = in.enter();
                    body.accept(tag);
                    in.exit(lim);
                } else {
                    in.skip(tag);
                }
            }
        }

        void graph(String where, int depth) {
            if (depth > MAX_GRAPH_DEPTH) throw ScanException.limitExceeded("ONNX subgraph depth", depth, MAX_GRAPH_DEPTH, in.offset());
            ctx.checkDeadline(in.offset());
            each(t -> Set.of(1, 5, 15).contains(ProtoReader.field(t)), t -> {
                switch (ProtoReader.field(t)) {
                    case 1 -> node(where, depth);
                    case 5 -> tensor(where);
                    default -> each(x -> ProtoReader.field(x) <= 2, x -> tensor(where));
                }
            });
        }

        void function() {
            String[] dn = {"", ""};
            for (int tag; (tag = in.tag()) != 0; ) {
                int f = ProtoReader.field(tag);
                if (f == 1 && ProtoReader.isLen(tag)) dn[1] = nz(in.string(MAX_STRING));
                else if (f == 10 && ProtoReader.isLen(tag)) dn[0] = nz(in.string(MAX_STRING));
                else if (f == 7 && ProtoReader.isLen(tag)) message(() -> node("functions", 0));
                else in.skip(tag);
            }
            localFunctions.add(dn[0] + ":" + dn[1]);
        }

        void node(String where, int depth) {
            long at = in.offset();
            String op = "";
            String domain = "";
            String name = "";
            for (int tag; (tag = in.tag()) != 0; ) {
                int f = ProtoReader.field(tag);
                if (f == 3 && ProtoReader.isLen(tag)) name = nz(in.string(MAX_STRING));
                else if (f == 4 && ProtoReader.isLen(tag)) op = nz(in.string(MAX_STRING));
                else if (f == 7 && ProtoReader.isLen(tag)) domain = nz(in.string(MAX_STRING));
                else if (f == 5 && ProtoReader.isLen(tag)) {
                    String sub = where + "/" + (name.isEmpty() ? op : name);
                    message(() -> attribute(sub, depth));
                } else in.skip(tag);
            }
            if (!STANDARD_DOMAINS.contains(domain) && !domain.startsWith("com.microsoft.") && customOps.size() < 1000) {
                customOps.add(new CustomOp(domain, op, name, where, at));
            }
        }

        void attribute(String where, int depth) {
            each(t -> Set.of(5, 6, 10, 11, 22, 23).contains(ProtoReader.field(t)), t -> {
                switch (ProtoReader.field(t)) {
                    case 5, 10 -> tensor(where);
                    case 6, 11 -> graph(where, depth + 1);
                    default -> each(x -> ProtoReader.field(x) <= 2, x -> tensor(where));
                }
            });
        }

        void tensor(String where) {
            long at = in.offset();
            String name = "";
            List<String> locations = new ArrayList<>();
            long[] extent = {0, 0};
            for (int tag; (tag = in.tag()) != 0; ) {
                int f = ProtoReader.field(tag);
                if (f == 8 && ProtoReader.isLen(tag)) {
                    name = nz(in.string(MAX_STRING));
                } else if (f == 13 && ProtoReader.isLen(tag)) {
                    String[] kv = {null, null};
                    message(() -> {
                        for (int t; (t = in.tag()) != 0; ) {
                            int k = ProtoReader.field(t);
                            if ((k == 1 || k == 2) && ProtoReader.isLen(t)) kv[k - 1] = in.string(MAX_STRING);
                            else in.skip(t);
                        }
                    });
                    if ("location".equals(kv[0]) && kv[1] != null) locations.add(kv[1]);
                    if ("offset".equals(kv[0])) extent[0] = number(kv[1]);
                    if ("length".equals(kv[0])) extent[1] = number(kv[1]);
                } else {
                    in.skip(tag);
                }
            }
            for (String loc : locations) {
                external(where, name, loc, at);
                if (extent[0] >= 0 && extent[1] >= 0) ctx.referenceExternal(loc.trim(), extent[0] + extent[1]);
            }
        }

        private static long number(String v) {
            try {
                return v == null ? 0 : Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        void external(String where, String tensor, String location, long at) {
            Location l = Location.member(where, at);
            String ev = "tensor=" + TfOps.shorten(tensor) + " location=" + TfOps.shorten(location);
            String p = location.trim();
            boolean traversal = java.util.Arrays.asList(p.split("[/\\\\]")).contains("..");
            boolean absolute = p.startsWith("/") || p.startsWith("\\") || p.startsWith("~") || p.contains("://")
                    || (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':');
            if (absolute) {
                ctx.report(Rule.ONNX_EXTERNAL_DATA_ABSOLUTE_PATH, "external data read from an absolute "
                        + "path outside the model folder (CVE-2024-27318, CVE-2025-51480)", l, ev);
            } else if (traversal) {
                ctx.report(Rule.ONNX_EXTERNAL_DATA_PATH_TRAVERSAL, "external data location climbs out "
                        + "of the model folder with '..' (CVE-2022-25882, CVE-2026-27489)", l, ev);
            } else if (location.indexOf('\0') >= 0 || location.isBlank()) {
                ctx.report(Rule.ONNX_EXTERNAL_DATA_BAD_LOCATION, "external data location is empty or "
                        + "holds a NUL byte", l, ev);
            } else if (externalSeen.size() < 20 && externalSeen.add(location)) {
                ctx.report(Rule.ONNX_EXTERNAL_DATA, "tensor data is read from a file beside the model; "
                        + "that file must not be a symlink", l, ev);
            }
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }
}
