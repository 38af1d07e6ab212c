package dev.aiprov.scanner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Scanner.Digests}: which files carry their SHA-256; the judgement is the same either way. */
class DigestsTest {
    /** Protocol-0 pickle calling os.system: written, never loaded. */
    private static final byte[] EVIL = "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    /** A protocol-2 pickle of one bytes object of {@code n} bytes (BINBYTES needs protocol 3; SHORT_BINSTRING chunks in a list). */
    private static byte[] bigCleanPickle(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.write(']');          // EMPTY_LIST
        out.write('(');          // MARK
        byte[] chunk = new byte[255];
        for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ('a' + i % 26);
        for (int done = 0; done < n; done += chunk.length) {
            out.write('U');      // SHORT_BINSTRING
            out.write(chunk.length);
            out.writeBytes(chunk);
        }
        out.write('e');          // APPENDS
        out.write('.');          // STOP
        return out.toByteArray();
    }

    private Map<String, FileResult> byName(List<FileResult> results) {
        return results.stream().collect(Collectors.toMap(r -> Path.of(r.path()).getFileName().toString(), r -> r, (a, b) -> a));
    }

    @Test
    void flaggedFilesCarryTheirDigestAndCleanOnesDoNotWhileEveryFileHashesAll() throws Exception {
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Files.write(dir.resolve("clean.pkl"), bigCleanPickle(1000));
        byte[] big = bigCleanPickle(1_200_000);   // over the in-memory size: scanned from the file, hashed in a second pass
        assertTrue(big.length > Scanner.SMALL_FILE);
        Files.write(dir.resolve("big.pkl"), big);
        byte[] bigEvil = new byte[big.length + EVIL.length];   // a clean pickle, then a second one calling os.system
        System.arraycopy(big, 0, bigEvil, 0, big.length);
        System.arraycopy(EVIL, 0, bigEvil, big.length, EVIL.length);
        Files.write(dir.resolve("big-evil.pkl"), bigEvil);
        byte[] unknown = new byte[512];
        for (int i = 0; i < unknown.length; i++) unknown[i] = (byte) (i * 7 + 3);
        unknown[0] = 0;
        Files.write(dir.resolve("weights.dat"), unknown);

        Scanner s = Scanner.withDefaults();
        Map<String, FileResult> flagged = byName(s.scanPaths(List.of(dir), 2, Scanner.Digests.FLAGGED_FILES));
        Map<String, FileResult> every = byName(s.scanPaths(List.of(dir), 2, Scanner.Digests.EVERY_FILE));
        assertEquals(every.keySet(), flagged.keySet());

        for (String name : every.keySet()) {
            String real = Sha256.hex(Files.readAllBytes(dir.resolve(name)));
            assertEquals(real, every.get(name).sha256(), name + ": every file hashed");
            FileResult f = flagged.get(name);
            boolean shown = !f.findings().isEmpty() || f.error() != null;
            if (shown) assertEquals(real, f.sha256(), name + ": a file the report shows carries its digest");
            else assertNull(f.sha256(), name + ": a clean file is not hashed");
            // the judgement does not depend on hashing
            assertEquals(every.get(name).findings().stream().map(Finding::rule).toList(),
                    f.findings().stream().map(Finding::rule).toList(), name);
            assertEquals(every.get(name).error(), f.error(), name);
        }
        assertFalse(flagged.get("evil.pkl").findings().isEmpty());
        assertFalse(flagged.get("big-evil.pkl").findings().isEmpty(), "the second pickle of a large file is judged");
        assertNull(flagged.get("clean.pkl").sha256());
        assertNull(flagged.get("big.pkl").sha256());
        assertNotNull(flagged.get("weights.dat").sha256(), "a file that could not be judged keeps its digest");
    }

    @Test
    void anAllowlistEntryByFileDigestStillAcceptsAFindingWhenOnlyFlaggedFilesAreHashed() throws Exception {
        Path evil = dir.resolve("evil.pkl");
        Files.write(evil, EVIL);
        Scanner s = Scanner.withDefaults();
        List<FileResult> results = s.scanPaths(List.of(dir), 1, Scanner.Digests.FLAGGED_FILES);
        FileResult r = results.get(0);
        Finding f = r.findings().get(0);
        Path allow = dir.resolve("allow.txt");
        Files.writeString(allow, "evil.pkl  " + f.rule() + "  " + Sha256.hex(EVIL) + "\n");
        Allowlist list = Allowlist.load(allow);
        assertTrue(list.allows(r.path(), f, r.sha256()), "the entry names the file's digest, which the result carries");
    }
}
