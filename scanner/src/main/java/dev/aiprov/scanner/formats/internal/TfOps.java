package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.Severity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Grades TensorFlow graph ops that run Python or touch the file system. */
public final class TfOps {
    /** One NodeDef as far as the checks need it: inputs (first few) and string attr values. */
    public record NodeInfo(String name, String op, List<String> inputs, List<String> strings, long offset) {
    }

    private static final Set<String> PYFUNC = Set.of("PyFunc", "PyFuncStateless", "EagerPyFunc");
    private static final Set<String> WRITE = Set.of("WriteFile", "SaveDataset", "SaveDatasetV2",
            "DatasetToTFRecord", "ExperimentalDatasetToTFRecord", "CreateSummaryFileWriter", "CreateSummaryDbWriter");
    private static final Set<String> READ = Set.of("ReadFile", "MatchingFiles", "ImmutableConst", "WholeFileReader",
            "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "FixedLengthRecordReader",
            "FixedLengthRecordReaderV2", "TFRecordReader", "TFRecordReaderV2", "LMDBReader", "TextLineDataset",
            "TFRecordDataset", "TFRecordDatasetV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
            "LoadDataset", "ExperimentalLMDBDataset", "LMDBDataset");
    private static final Set<String> CHECKPOINT = Set.of("Save", "SaveV2", "SaveSlices", "Restore", "RestoreV2",
            "RestoreSlice", "MergeV2Checkpoints");

    /** Nodes kept per graph or function body; others are dropped as soon as they are read. */
    public static final int MAX_KEPT_NODES = 100_000;

    private TfOps() {
    }

    /** True for the nodes {@link #judge} looks at: string constants and the graded ops. */
    public static boolean relevant(NodeInfo n) {
        String op = n.op() == null ? "" : n.op();
        return ("Const".equals(op) && !n.strings().isEmpty()) || PYFUNC.contains(op) || WRITE.contains(op)
                || READ.contains(op) || CHECKPOINT.contains(op) || "PrintV2".equals(op);
    }

    /** Adds a node when relevant, under {@link #MAX_KEPT_NODES}. */
    public static void keep(List<NodeInfo> nodes, NodeInfo n) {
        if (!relevant(n)) return;
        if (nodes.size() >= MAX_KEPT_NODES) {
            throw dev.aiprov.scanner.ScanException.limitExceeded("graph nodes of interest", nodes.size() + 1L,
                    MAX_KEPT_NODES, n.offset());
        }
        nodes.add(n);
    }

    /** Reports the dangerous ops among the nodes of one graph or function body. */
    public static void judge(ScanContext ctx, List<NodeInfo> nodes, String where) {
        Map<String, String> consts = new HashMap<>();
        for (NodeInfo n : nodes) {
            if ("Const".equals(n.op()) && n.name() != null && !n.strings().isEmpty()) consts.put(n.name(), n.strings().get(0));
        }
        for (NodeInfo n : nodes) {
            ctx.checkDeadline(n.offset());
            String op = n.op() == null ? "" : n.op();
            String path = constPath(n, consts);
            boolean escapes = path != null && escapes(path);
            String evidence = op + " node=" + shorten(n.name()) + (path == null ? "" : " path=" + shorten(path));
            Location at = Location.member(where, n.offset());
            if (PYFUNC.contains(op)) {
                ctx.report(Rule.SAVEDMODEL_PYFUNC_OP, op + " runs a Python function when the graph "
                        + "executes", at, evidence);
            } else if (WRITE.contains(op)) {
                ctx.report(Rule.SAVEDMODEL_FILE_WRITE_OP, escapes ? Severity.CRITICAL : Severity.HIGH,
                        op + " writes files from inside the graph", at, evidence);
            } else if (READ.contains(op)) {
                ctx.report(Rule.SAVEDMODEL_FILE_READ_OP, escapes ? Severity.HIGH : Severity.MEDIUM,
                        op + " reads files from inside the graph", at, evidence);
            } else if (CHECKPOINT.contains(op) && escapes) {
                ctx.report(Rule.SAVEDMODEL_CHECKPOINT_PATH, op + " uses a fixed checkpoint path "
                        + "outside the model directory", at, evidence);
            } else if ("PrintV2".equals(op) && n.strings().stream().anyMatch(s -> s.startsWith("file://"))) {
                ctx.report(Rule.SAVEDMODEL_FILE_WRITE_OP, "PrintV2 writes to a file", at, evidence);
            }
        }
    }

    /** The constant string feeding the node's first input, or a path-like string attribute. */
    private static String constPath(NodeInfo n, Map<String, String> consts) {
        if (!n.inputs().isEmpty() && n.inputs().get(0) != null) {
            String in = n.inputs().get(0);
            if (in.startsWith("^")) in = in.substring(1);
            int colon = in.indexOf(':');
            String c = consts.get(colon < 0 ? in : in.substring(0, colon));
            if (c != null) return c;
        }
        for (String s : n.strings()) if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) return s;
        return null;
    }

    /** True for absolute paths, home-relative paths, URLs, and paths with a {@code ..} segment. */
    public static boolean escapes(String path) {
        String p = path.trim();
        if (p.isEmpty()) return false;
        if (p.startsWith("/") || p.startsWith("\\") || p.startsWith("~") || p.contains("://")) return true;
        if (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':') return true;
        for (String seg : p.split("[/\\\\]")) if (seg.equals("..")) return true;
        return p.indexOf('\0') >= 0;
    }

    public static String shorten(String s) {
        if (s == null) return "";
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
