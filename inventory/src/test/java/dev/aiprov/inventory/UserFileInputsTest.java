package dev.aiprov.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifests and policy files that are not regular files: {@code /dev/zero} used to fill the heap
 * (OutOfMemoryError) and a FIFO to hang forever. Both, and symlinks to them, are one clear problem.
 */
class UserFileInputsTest {
    @TempDir
    Path dir;

    Path fifo() throws Exception {
        Path f = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).inheritIO().start().waitFor());
        return f;
    }

    static String manifestProblem(Path p) {
        List<String> problems = assertThrows(ManifestException.class, () -> ManifestParser.parse(p)).problems();
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    static String policyProblem(Path p) {
        List<String> problems = assertThrows(ManifestException.class, () -> Policy.load(p)).problems();
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    @Timeout(60)
    void aManifestThatIsDevZeroAFifoOrALinkToEitherIsRefused() throws Exception {
        Path zero = Path.of("/dev/zero");
        assertEquals("cannot read manifest /dev/zero: not a regular file, it is a device, FIFO or socket", manifestProblem(zero));
        Path fifo = fifo();
        assertTrue(manifestProblem(fifo).endsWith(fifo + ": not a regular file, it is a device, FIFO or socket"));
        Path toZero = Files.createSymbolicLink(dir.resolve("aiprov.yaml"), zero);
        assertTrue(manifestProblem(toZero).contains("via symlink to /dev/zero"));
        Path toFifo = Files.createSymbolicLink(dir.resolve("other.yaml"), fifo);
        assertTrue(manifestProblem(toFifo).contains("via symlink to " + fifo.toRealPath()));
    }

    @Test
    @Timeout(60)
    void aPolicyFileThatIsDevZeroAFifoOrALinkToEitherIsRefused() throws Exception {
        assertEquals("cannot read policy /dev/zero: not a regular file, it is a device, FIFO or socket",
                policyProblem(Path.of("/dev/zero")));
        Path fifo = fifo();
        assertTrue(policyProblem(fifo).contains("FIFO"));
        Path link = Files.createSymbolicLink(dir.resolve("policy.yaml"), fifo);
        assertTrue(policyProblem(link).contains("via symlink"));
    }

    @Test
    void anOversizedManifestIsRefusedWithTheLimit() throws Exception {
        Path big = dir.resolve("aiprov.yaml");
        Files.write(big, new byte[(int) ManifestParser.MAX_BYTES + 1]);
        assertTrue(manifestProblem(big).contains("file too large"), manifestProblem(big));
    }
}
