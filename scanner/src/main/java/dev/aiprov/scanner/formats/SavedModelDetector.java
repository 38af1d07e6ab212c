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
import dev.aiprov.scanner.formats.internal.TfOps.NodeInfo;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * TensorFlow SavedModel ({@code saved_model.pb}), walked without generated classes:
 * SavedModel.meta_graphs(2) → MetaGraphDef.graph_def(2) → GraphDef.node(1) and
 * GraphDef.library(2) → FunctionDefLibrary.function(1) → FunctionDef.node_def(3); plus
 * MetaGraphDef.asset_file_def(6) → AssetFileDef.filename(2). Graph ops that run Python or touch
 * files are graded by {@link TfOps}. Accepted by the name {@code saved_model.pb} plus a probe of the
 * top-level fields (schema version varint 1, meta graphs 2).
 */
public final class SavedModelDetector extends AbstractDetector {
    public static final String ID = "savedmodel";
    private static final int MAX_NAME = 4096;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Probe probe) {
        if (!probe.nameEndsWith("saved_model.pb")) return false;
        List<ProtoProbe.Field> fields = ProtoProbe.fields(probe.head(), 8);
        if (fields.isEmpty()) return probe.size() == 0;
        for (ProtoProbe.Field f : fields) {
            boolean ok = (f.number() == 1 && f.wireType() == 0) || (f.number() == 2 && f.wireType() == 2);
            if (!ok) return false;
        }
        return true;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        if (source.size() > Integer.MAX_VALUE) {
            throw ScanException.limitExceeded("protobuf size", source.size(), Integer.MAX_VALUE, 0);
        }
        ProtoReader in = new ProtoReader(source, ctx);
        int graphs = 0;
        for (int tag; (tag = in.tag()) != 0; ) {
            if (ProtoReader.field(tag) == 2 && ProtoReader.isLen(tag)) {
                int lim = in.enter();
                metaGraph(ctx, in, graphs++);
                in.exit(lim);
            } else {
                in.skip(tag);
            }
        }
        if (graphs == 0) {
            ctx.report(Rule.SAVEDMODEL_NO_GRAPH, "saved_model.pb holds no meta graph", Location.at(0), "");
        }
    }

    private void metaGraph(ScanContext ctx, ProtoReader in, int index) {
        String where = "meta_graphs[" + index + "]";
        for (int tag; (tag = in.tag()) != 0; ) {
            int f = ProtoReader.field(tag);
            if (f == 2 && ProtoReader.isLen(tag)) {
                int lim = in.enter();
                graph(ctx, in, where);
                in.exit(lim);
            } else if (f == 6 && ProtoReader.isLen(tag)) {
                long at = in.offset();
                int lim = in.enter();
                String file = fieldString(in, 2);
                in.exit(lim);
                if (file != null && TfOps.escapes(file)) {
                    ctx.report(Rule.SAVEDMODEL_ASSET_PATH_ESCAPE, "asset file path leaves the model "
                            + "directory", Location.member(where, at), TfOps.shorten(file));
                }
            } else {
                in.skip(tag);
            }
        }
    }

    private void graph(ScanContext ctx, ProtoReader in, String where) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int tag; (tag = in.tag()) != 0; ) {
            int f = ProtoReader.field(tag);
            if (f == 1 && ProtoReader.isLen(tag)) {
                TfOps.keep(nodes, node(in));
            } else if (f == 2 && ProtoReader.isLen(tag)) {
                int lim = in.enter();
                library(ctx, in, where);
                in.exit(lim);
            } else {
                in.skip(tag);
            }
        }
        TfOps.judge(ctx, nodes, where + "/graph_def");
    }

    private void library(ScanContext ctx, ProtoReader in, String where) {
        for (int tag; (tag = in.tag()) != 0; ) {
            if (ProtoReader.field(tag) != 1 || !ProtoReader.isLen(tag)) {
                in.skip(tag);
                continue;
            }
            int lim = in.enter();
            String name = "?";
            List<NodeInfo> nodes = new ArrayList<>();
            for (int t; (t = in.tag()) != 0; ) {
                int f = ProtoReader.field(t);
                if (f == 1 && ProtoReader.isLen(t)) {
                    int sig = in.enter();
                    String n = fieldString(in, 1);
                    in.exit(sig);
                    if (n != null) name = n;
                } else if (f == 3 && ProtoReader.isLen(t)) {
                    TfOps.keep(nodes, node(in));
                } else {
                    in.skip(t);
                }
            }
            in.exit(lim);
            TfOps.judge(ctx, nodes, where + "/library/" + TfOps.shorten(name));
        }
    }

    /** NodeDef{name=1, op=2, input=3, attr=5 map<string, AttrValue>}. */
    private NodeInfo node(ProtoReader in) {
        long at = in.offset();
        int lim = in.enter();
        String name = null;
        String op = null;
        List<String> inputs = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (int tag; (tag = in.tag()) != 0; ) {
            int f = ProtoReader.field(tag);
            if (f == 1 && ProtoReader.isLen(tag)) name = in.string(MAX_NAME);
            else if (f == 2 && ProtoReader.isLen(tag)) op = in.string(MAX_NAME);
            else if (f == 3 && ProtoReader.isLen(tag) && inputs.size() < 4) inputs.add(in.string(MAX_NAME));
            else if (f == 5 && ProtoReader.isLen(tag) && strings.size() < 8) attr(in, strings);
            else in.skip(tag);
        }
        in.exit(lim);
        return new NodeInfo(name, op, inputs, strings, at);
    }

    /** A map entry {key=1, value=2 AttrValue{s=2, tensor=8 TensorProto{string_val=8}}}: keeps string values. */
    private void attr(ProtoReader in, List<String> strings) {
        int lim = in.enter();
        for (int tag; (tag = in.tag()) != 0; ) {
            if (ProtoReader.field(tag) != 2 || !ProtoReader.isLen(tag)) {
                in.skip(tag);
                continue;
            }
            int v = in.enter();
            for (int t; (t = in.tag()) != 0; ) {
                int f = ProtoReader.field(t);
                if (f == 2 && ProtoReader.isLen(t)) {
                    add(strings, in.string(MAX_NAME));
                } else if (f == 8 && ProtoReader.isLen(t)) {
                    int tl = in.enter();
                    String s = fieldString(in, 8);
                    in.exit(tl);
                    add(strings, s);
                } else {
                    in.skip(t);
                }
            }
            in.exit(v);
        }
        in.exit(lim);
    }

    private static void add(List<String> strings, String s) {
        if (s != null && !s.isEmpty()) strings.add(s);
    }

    /** The first string in field {@code number} of the current message; skips the rest. */
    private static String fieldString(ProtoReader in, int number) {
        String s = null;
        for (int tag; (tag = in.tag()) != 0; ) {
            if (s == null && ProtoReader.field(tag) == number && ProtoReader.isLen(tag)) s = in.string(MAX_NAME);
            else in.skip(tag);
        }
        return s;
    }
}
