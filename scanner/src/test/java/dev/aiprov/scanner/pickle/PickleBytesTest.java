package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.aiprov.scanner.pickle.FixtureScan.find;
import static dev.aiprov.scanner.pickle.FixtureScan.require;
import static dev.aiprov.scanner.pickle.FixtureScan.scanBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile pickles built inline, one commented field per line. */
class PickleBytesTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) o.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof Integer i) o.write(i);
            else o.writeBytes((byte[]) p);
        }
        return o.toByteArray();
    }

    @Test
    void scansASecondConcatenatedPickle() {
        byte[] data = bytes(
                0x80, 2, "K", 1, ".",                    // pickle 1: PROTO 2, BININT1 1, STOP
                0x80, 2, "cnt\nsystem\n",                // pickle 2: PROTO 2, GLOBAL nt.system (alias of os)
                0x8c, 2, "id", 0x85, "R.");              // SHORT_BINUNICODE 'id', TUPLE1, REDUCE, STOP
        List<FileResult> r = scanBytes("weights.bin", data);
        assertEquals(23, require(r, "PICKLE_CALL_CRITICAL", "os.system").location().offset());
        assertTrue(r.get(0).judged());
    }

    @Test
    void reportsTrailingNonPickleBytesAsLow() {
        byte[] data = bytes(
                0x80, 2, "N.",                           // PROTO 2, NONE, STOP
                0, 0, 0, 0, 0x7f, 0x7f);                 // raw bytes that start no pickle
        List<FileResult> r = scanBytes("x.pkl", data);
        assertEquals(Severity.LOW, require(r, Rule.PICKLE_TRAILING_DATA.id(), null).severity());
        assertEquals(4, require(r, Rule.PICKLE_TRAILING_DATA.id(), null).location().offset());
        assertTrue(r.get(0).judged());
    }

    @Test
    void flagsAStackGlobalFedByAMemoizedCallResult() {
        byte[] data = bytes(
                0x80, 4,                                 // PROTO 4
                "cbuiltins\nstr\n",                      // GLOBAL builtins.str (allowlisted)
                0x8c, 2, "os", 0x85, "R",                // str('os'): a value computed at load time
                0x94,                                    // MEMOIZE as 0
                "0",                                     // POP
                "h", 0,                                  // BINGET 0: the computed value
                0x8c, 6, "system",                       // SHORT_BINUNICODE 'system'
                0x93,                                    // STACK_GLOBAL on a non-constant module
                ".");                                    // STOP
        assertEquals(Severity.CRITICAL, require(scanBytes("x", data), "PICKLE_STACK_GLOBAL_DYNAMIC", null).severity());
    }

    @Test
    void judgesAHugeDeclaredStringLengthWithoutAllocatingIt() {
        byte[] data = bytes(
                0x80, 4,                                 // PROTO 4
                0x8d, 0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, // BINUNICODE8 of ~2^60 bytes
                "abc");                                  // ...but only 3 follow
        List<FileResult> r = scanBytes("x", data);
        assertEquals(2, require(r, Rule.PICKLE_STREAM_BROKEN.id(), null).location().offset());
        assertFalse(r.get(0).judged());
    }

    @Test
    void stopsAtTheMarkStackLimit() {
        byte[] marks = new byte[PickleMachine.MAX_MARKS + 10];
        java.util.Arrays.fill(marks, (byte) '(');
        List<FileResult> r = scanBytes("x", bytes(0x80, 2, marks));
        assertEquals(Severity.MEDIUM, require(r, "SCAN_LIMIT_EXCEEDED", null).severity());
        assertFalse(r.get(0).judged());
    }

    @Test
    void stopsAtTheOpcodeLimit() {
        Limits d = Limits.defaults();
        Limits tight = new Limits(d.maxFileBytes(), d.maxMemberBytes(), d.maxExpandedBytes(), d.maxArchiveDepth(),
                d.maxArchiveEntries(), d.maxStringBytes(), 1000, Duration.ofSeconds(30), d.maxTextBytes());
        byte[] loop = new byte[4000];
        for (int i = 0; i < loop.length; i += 2) { loop[i] = 'N'; loop[i + 1] = '0'; } // NONE, POP, forever
        List<FileResult> r = new Scanner(tight, dev.aiprov.scanner.DetectorRegistry.all())
                .scan("x", new ByteArraySource(bytes(0x80, 2, loop, ".")), null);
        require(r, "SCAN_LIMIT_EXCEEDED", null);
        assertFalse(r.get(0).judged());
    }

    @Test
    void flagsAGetOfAMemoKeyNeverStored() {
        byte[] data = bytes(
                0x80, 2,                                 // PROTO 2
                "j", 0x39, 0x05, 0, 0,                   // LONG_BINGET 1337: never PUT
                ".");
        assertEquals(2, require(scanBytes("x", data), Rule.PICKLE_STREAM_BROKEN.id(), null).location().offset());
    }

    @Test
    void normalisesPython2BuiltinAndCopyRegAliases() {
        byte[] data = bytes(
                "c__builtin__\ngetattr\n",               // GLOBAL __builtin__.getattr (py2 spelling)
                "(ccopy_reg\n_reconstructor\n",          // MARK, GLOBAL copy_reg._reconstructor (allowlisted)
                "S'system'\n",                           // STRING 'system'
                "tR.");                                  // TUPLE, REDUCE, STOP
        List<FileResult> r = scanBytes("x", data);
        assertEquals(Severity.CRITICAL, require(r, "PICKLE_CALL_CRITICAL", "builtins.getattr").severity());
        assertTrue(find(r, "PICKLE_GLOBAL_UNKNOWN").isEmpty());
    }

    @Test
    void judgesWhatNumpyUfuncReconstructImports() {
        byte[] data = bytes(
                0x80, 2, "cnumpy.core\n_ufunc_reconstruct\n", // GLOBAL numpy.core._ufunc_reconstruct
                0x8c, 2, "os", 0x8c, 6, "system", 0x86, // ('os', 'system')
                "R.");                                   // REDUCE: imports os.system by name
        assertEquals(Severity.CRITICAL, require(scanBytes("x", data), "PICKLE_GLOBAL_CRITICAL", "os.system").severity());
        byte[] benign = bytes(0x80, 2, "cnumpy.core\n_ufunc_reconstruct\n", 0x8c, 5, "numpy", 0x8c, 3, "log", 0x86, "R.");
        assertTrue(FixtureScan.all(scanBytes("x", benign)).isEmpty());
    }

    @Test
    void judgesNestedLoadsDeeperThanTheNestingLimitAsUnjudged() {
        byte[] inner = dev.aiprov.scanner.bench.Corpus.reducePickle("os", "system");
        for (int level = 0; level < 6; level++) {
            inner = bytes(
                    0x80, 4, "c_pickle\nloads\n",          // PROTO 4, GLOBAL _pickle.loads
                    "B", le32(inner.length), inner,        // BINBYTES: the next level
                    0x85, "R.");                           // TUPLE1, REDUCE, STOP
        }
        List<FileResult> r = scanBytes("deep.pkl", inner);
        require(r, "PICKLE_NESTED_LOADS", "pickle.loads");
        require(r, "SCAN_NESTING_TOO_DEEP", null);
        assertFalse(r.get(0).judged(), "what was too deep to scan is not judged");
    }

    private static byte[] le32(int v) {
        return new byte[]{(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    @Test
    void doesNotMistakeTextForAPickle() {
        assertFalse(PickleDetector.looksLikePickle("I am a README file\n".getBytes(StandardCharsets.UTF_8), 19));
        assertFalse(PickleDetector.looksLikePickle("(hello world)\n".getBytes(StandardCharsets.UTF_8), 14));
        assertTrue(PickleDetector.looksLikePickle("cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.UTF_8), 22));
    }
}
