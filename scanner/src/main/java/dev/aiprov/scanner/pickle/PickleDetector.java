package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Raw pickle streams, whatever the file is called ({@code pytorch_model.bin}, {@code .pt},
 * {@code .safetensors}, no extension...): legacy (non-zip) torch files, joblib dumps, plain pickles.
 * Every concatenated pickle is scanned (legacy torch holds five before its storages); a stream that
 * breaks keeps what was seen and is reported as {@code PICKLE_STREAM_BROKEN}, never passed silently.
 */
public final class PickleDetector extends AbstractDetector {
    public static final String ID = "pickle";
    public static final String STREAM_BROKEN = "PICKLE_STREAM_BROKEN";
    public static final String TRAILING_DATA = "PICKLE_TRAILING_DATA";
    static final BigInteger TORCH_LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int MAX_PICKLES = 64;
    private static final String PROTO0_STARTS = "(c]})NILFSVUTXJKMGlgdti";

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
        return looksLikePickle(probe.head(), probe.size());
    }

    /** True when {@code head} starts a pickle: a PROTO opcode, or protocol 0/1 opcodes that parse. */
    static boolean looksLikePickle(byte[] head, long size) {
        if (head.length < 2) return false;
        int b0 = head[0] & 0xff;
        if (b0 == 0x80) return (head[1] & 0xff) <= 5;
        if (PROTO0_STARTS.indexOf(b0) < 0) return false;
        PickleMachine probe = new PickleMachine(new ByteArraySource(head), null, NO_LISTENER, 1 << 16, 4096);
        PickleMachine.Result r = probe.run(0);
        if (r.stopped()) return r.ops() >= 2;
        boolean cutByProbe = head.length < size && "TRUNCATED".equals(r.error().rule());
        return cutByProbe && r.ops() >= 4;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        PickleFindings findings = new PickleFindings(ctx, source);
        PickleMachine machine = new PickleMachine(source, ctx, findings, ctx.limits().maxStringBytes(),
                ctx.limits().maxPickleOps());
        ScanException broken = null;
        long pos = 0;
        int count = 0;
        boolean legacyTorch = false;
        try {
            while (pos < source.size() && count < MAX_PICKLES) {
                int before = findings.events();
                boolean strongStart = startsWithProto(source, pos);
                PickleMachine.Result r = machine.run(pos);
                count++;
                if (!r.stopped()) {
                    ScanException e = r.error();
                    if (e.rule().equals("TIMEOUT") || e.rule().equals("LIMIT_EXCEEDED")) throw e;
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
                if (pos < source.size() && !legacyTorch && !nextLooksLikePickle(source, pos)) {
                    trailing(ctx, pos, source.size());
                    break;
                }
            }
        } finally {
            findings.flush();
        }
        if (findings.sawJoblib()) ctx.format("joblib");
        if (legacyTorch && count < 5 && broken == null) {
            broken = ScanException.truncated("legacy torch file (" + count + " of 5 pickles)", pos);
        }
        if (broken != null) {
            throw new ScanException(STREAM_BROKEN, "pickle stream breaks after what was scanned (" + broken.getMessage()
                    + "); a loader runs everything before the break", broken.offset());
        }
    }

    private static void trailing(ScanContext ctx, long pos, long size) {
        ctx.report(TRAILING_DATA, Severity.LOW, (size - pos) + " bytes after the last pickle are not a pickle",
                Location.at(pos), "");
    }

    private static boolean startsWithProto(ByteSource s, long pos) throws IOException {
        byte[] b = s.readFully(pos, 2);
        return b.length == 2 && (b[0] & 0xff) == 0x80 && (b[1] & 0xff) <= 5;
    }

    private static boolean nextLooksLikePickle(ByteSource s, long pos) throws IOException {
        byte[] b = s.readFully(pos, 2);
        return b.length >= 1 && ((b[0] & 0xff) == 0x80 || PROTO0_STARTS.indexOf(b[0] & 0xff) >= 0);
    }

    private static final PickleMachine.Listener NO_LISTENER = new PickleMachine.Listener() {
        @Override
        public void imported(Value.Global global, String opcode) {
        }

        @Override
        public void invoked(Value callable, Value args, String opcode, long offset) {
        }

        @Override
        public void mutated(Value target, String opcode, long offset) {
        }

        @Override
        public void dynamicGlobal(Value module, Value name, long offset) {
        }

        @Override
        public void extension(long code, long offset) {
        }
    };
}
