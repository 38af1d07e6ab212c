package dev.aiprov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --neo4j-password-file} goes through the bounded reader: no /dev/zero, FIFO or link to them (issue 11.3). */
class PasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void aPasswordFileThatIsNotARegularFileIsAOneLineUsageError() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/dev/zero"));
        for (Path p : new Path[]{Path.of("/dev/zero"), fifo, link}) {
            CliRun r = CliRun.of("query", "--neo4j-uri", "bolt://127.0.0.1:1", "--neo4j-password-file", p.toString(), "RETURN 1");
            assertEquals(2, r.exit(), p + ": " + r.err());
            assertTrue(r.err().contains("--neo4j-password-file"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
