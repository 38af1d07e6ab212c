package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * Raw pickle streams, whatever the file is called ({@code pytorch_model.bin}, {@code .pt},
 * {@code .safetensors}, no extension...): legacy (non-zip) torch files, joblib dumps, plain pickles.
 * Every concatenated pickle is scanned (legacy torch holds five before its storages); a stream that
 * breaks keeps what was seen and is reported as {@code PICKLE_STREAM_BROKEN}, never passed silently.
 */
public final class PickleDetector extends AbstractDetector {
    public static final String ID = "pickle";
    /** Called by id only: the {@code storages} stream of a legacy torch tar (pickles between raw storages). */
    public static final String LEGACY_STORAGES = "pickle-torch-storages";
    /** Called by id only: the {@code tensors} stream of a legacy torch tar (pickles between tensor headers). */
    public static final String LEGACY_TENSORS = "pickle-torch-tensors";
    private static final int MAX_LEGACY_RECORDS = 1_000_000;
    static final BigInteger TORCH_LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** A loader that calls pickle.load until EOF reads them all; this bounds the work on a hostile file. */
    static final int MAX_PICKLES = 1_000_000;
    private static final String PROTO0_STARTS = "(c]})NILFSVUTXJKMGlgdti";

    private final String id;

    public PickleDetector() {
        this(ID);
    }

    private PickleDetector(String id) {
        this.id = id;
    }

    /** The detectors for the streams of a legacy torch tar; they accept nothing and run only when named. */
    public static List<PickleDetector> legacyTarStreams() {
        return List.of(new PickleDetector(LEGACY_STORAGES), new PickleDetector(LEGACY_TENSORS));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Probe probe) {
        return id.equals(ID) && looksLikePickle(probe.head(), probe.size());
    }

    /**
     * True when {@code head} starts a pickle. A PROTO opcode is enough; otherwise the opcodes must
     * parse (every GLOBAL naming an importable module) until the stream stops, or until it reaches
     * something a loader executes (a call of an imported global), or for the whole probe when the
     * file is longer. Printable text fails at its first line: text stays text.
     */
    static boolean looksLikePickle(byte[] head, long size) {
        if (head.length < 2) return false;
        int b0 = head[0] & 0xff;
        if (b0 == 0x80) return (head[1] & 0xff) <= 5;
        // PERSID first: plain pickle.load refuses it, and a zip ("PK") would read as one
        if (!OPCODES.get(b0) || b0 == 'P') return false;
        ProbeListener seen = new ProbeListener();
        PickleMachine probe = new PickleMachine(new ByteArraySource(head), null, seen, 1 << 16, 4096);
        PickleMachine.Result r = probe.run(0);
        if (seen.executes) return true; // judged on what ran before any later junk
        if (seen.badName) return false;
        if (r.stopped()) return PROTO0_STARTS.indexOf(b0) >= 0 ? r.ops() >= 2 : r.end() == size && r.ops() >= 3;
        boolean cutByProbe = head.length < size && r.error().failure() == ScanException.Failure.TRUNCATED;
        return cutByProbe && r.ops() >= 4 && PROTO0_STARTS.indexOf(b0) >= 0;
    }

    /** Every opcode byte the unpickler knows (protocols 0 to 5). */
    private static final java.util.BitSet OPCODES = new java.util.BitSet(256);

    static {
        for (char c : "(.012NIJKLMFGSTUVXBC)]}abcdeghijlopqrstuRPQ".toCharArray()) OPCODES.set(c);
        for (int b = 0x80; b <= 0x98; b++) OPCODES.set(b);
    }

    /** What the probe needs: an executing construct, and names a loader could import at all. */
    private static final class ProbeListener implements PickleMachine.Listener {
        private static final java.util.regex.Pattern MODULE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
        boolean executes;
        boolean badName;

        @Override
        public void imported(Value.Global g, String opcode) {
            if (!MODULE.matcher(g.module()).matches() || !NAME.matcher(g.name()).matches()) badName = true;
        }

        @Override
        public void invoked(Value callable, Value args, String opcode, long offset) {
            if (callable instanceof Value.Global && !badName) executes = true;
        }

        @Override
        public void mutated(Value target, String opcode, long offset) {
        }

        @Override
        public void dynamicGlobal(Value module, Value name, long offset) {
            if (!badName) executes = true;
        }

        @Override
        public void extension(long code, long offset) {
        }
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        PickleFindings findings = new PickleFindings(ctx, source);
        PickleMachine machine = new PickleMachine(source, ctx, findings, ctx.limits().maxStringBytes(),
                ctx.limits().maxPickleOps());
        if (!id.equals(ID)) {
            try {
                legacyStream(source, machine);
            } catch (ScanException e) {
                if (e.limitReached()) throw e;
                throw new ScanException(Rule.PICKLE_STREAM_BROKEN, "legacy torch stream breaks after what was scanned ("
                        + e.getMessage() + ")", e.offset());
            } finally {
                findings.flush();
            }
            return;
        }
        ScanException broken = null;
        long pos = 0;
        int count = 0;
        boolean legacyTorch = false;
        try {
            while (pos < source.size()) {
                if ((count & 1023) == 1023) ctx.checkDeadline(pos);
                if (count >= MAX_PICKLES) {
                    throw ScanException.limitExceeded("concatenated pickles", count + 1, MAX_PICKLES, pos);
                }
                int before = findings.events();
                boolean strongStart = startsWithProto(source, pos);
                PickleMachine.Result r = machine.run(pos);
                count++;
                if (!r.stopped()) {
                    ScanException e = r.error();
                    if (e.limitReached()) throw e;
                    if (count == 1 || strongStart || findings.events() > before) {
                        broken = e;
                    } else {
                        trailing(ctx, pos, source.size());
                    }
                    break;
                }
                if (count == 1 && r.top() instanceof Value.Int i && i.value().equals(TORCH_LEGACY_MAGIC)) {
                    legacyTorch = true;
                    ctx.format("pytorch");
                }
                pos = r.end();
                if (legacyTorch && count == 5) break; // raw storages follow
                if (pos < source.size() && !legacyTorch && !nextMayBePickle(source, pos)) {
                    trailing(ctx, pos, source.size());
                    break;
                }
            }
        } finally {
            findings.flush();
        }
        if (findings.sawJoblib()) ctx.format("joblib");
        if (broken == null && machine.frameOverrun() >= 0) {
            broken = ScanException.truncated("FRAME whose length runs past the end of the file", machine.frameOverrun());
        }
        if (legacyTorch && count < 5 && broken == null) {
            broken = ScanException.truncated("legacy torch file (" + count + " of 5 pickles)", pos);
        }
        if (broken == null && findings.nestedError() != null) {
            throw new ScanException(Rule.PICKLE_NESTED_UNJUDGED, "nested pickle " + findings.nestedError(), -1);
        }
        if (broken != null) {
            throw new ScanException(Rule.PICKLE_STREAM_BROKEN, "pickle stream breaks after what was scanned (" + broken.getMessage()
                    + "); a loader runs everything before the break", broken.offset());
        }
    }

    /**
     * Walks a legacy tar stream the way torch's legacy_load reads it: a count pickle, then per record
     * an argument pickle followed by raw bytes whose length the record itself gives.
     */
    private void legacyStream(ByteSource src, PickleMachine machine) throws IOException {
        PickleMachine.Result head = machine.run(0);
        if (!head.stopped()) throw head.error();
        if (!(head.top() instanceof Value.Int n) || n.value().signum() < 0 || n.value().bitLength() > 31) {
            throw ScanException.malformed("legacy torch record count is not an int", 0);
        }
        long pos = head.end();
        long count = Math.min(n.value().longValue(), MAX_LEGACY_RECORDS);
        for (long i = 0; i < count; i++) {
            PickleMachine.Result r = machine.run(pos);
            if (!r.stopped()) throw r.error();
            pos = r.end();
            if (id.equals(LEGACY_STORAGES)) {
                long elem = r.top() instanceof Value.Seq t && t.items().size() == 3 && t.items().get(2) instanceof Value.Global g
                        ? elementSize(g.name()) : -1;
                if (elem < 0) throw ScanException.malformed("legacy storage record without a storage type", r.start());
                long size = le(src, pos, 8);
                if (size < 0 || size > (src.size() - pos - 8) / elem) throw ScanException.truncated("legacy storage data", pos);
                pos += 8 + size * elem;
            } else {
                long ndim = le(src, pos, 4);
                if (ndim < 0 || ndim > 64) throw ScanException.malformed("legacy tensor with " + ndim + " dimensions", pos);
                pos += 8 + 16 * ndim + 8;
                if (pos > src.size()) throw ScanException.truncated("legacy tensor header", pos);
            }
        }
        // bytes after the last record are never read by torch: nothing more to scan
    }

    private static long le(ByteSource src, long pos, int n) throws IOException {
        byte[] b = src.readFully(pos, n);
        if (b.length < n) throw ScanException.truncated("legacy record header", pos);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[i] & 0xffL) << (8 * i);
        return n == 4 ? (int) v : v;
    }

    static long elementSize(String storageType) {
        return switch (storageType) {
            case "DoubleStorage", "LongStorage", "ComplexFloatStorage" -> 8;
            case "FloatStorage", "IntStorage", "QInt32Storage" -> 4;
            case "HalfStorage", "BFloat16Storage", "ShortStorage" -> 2;
            case "CharStorage", "ByteStorage", "BoolStorage", "QInt8Storage", "QUInt8Storage", "QUInt4x2Storage",
                 "QUInt2x4Storage" -> 1;
            case "ComplexDoubleStorage" -> 16;
            default -> -1;
        };
    }

    private static void trailing(ScanContext ctx, long pos, long size) {
        ctx.report(Rule.PICKLE_TRAILING_DATA, (size - pos) + " bytes after the last pickle are not a pickle",
                Location.at(pos), "");
    }

    private static boolean startsWithProto(ByteSource s, long pos) throws IOException {
        byte[] b = s.readFully(pos, 2);
        return b.length == 2 && (b[0] & 0xff) == 0x80 && (b[1] & 0xff) <= 5;
    }

    /** Any opcode may start the next pickle (PROTO is optional); what is not an opcode is trailing data. */
    private static boolean nextMayBePickle(ByteSource s, long pos) throws IOException {
        byte[] b = s.readFully(pos, 1);
        return b.length == 1 && OPCODES.get(b[0] & 0xff);
    }
}
