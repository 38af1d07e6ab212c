package dev.aiprov.scanner.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded reader for user-named files, on a real FIFO, /dev/zero, symlinks to each, and an oversized file. */
class UserFilesTest {
    @TempDir
    Path dir;

    static void mkfifo(Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
    }

    /** A FIFO with no writer would block {@code open} forever: the type is checked first (the timeout only turns a regression into a failure). */
    @Test
    @Timeout(30)
    void aFifoAndASymlinkToItAreRefusedWithoutOpening() throws Exception {
        Path fifo = dir.resolve("aiprov.yaml");
        mkfifo(fifo);
        IOException e = assertThrows(IOException.class, () -> UserFiles.readText(fifo, 1024));
        assertEquals(fifo + ": not a regular file, it is a device, FIFO or socket", e.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("policy.yaml"), fifo);
        e = assertThrows(IOException.class, () -> UserFiles.readText(link, 1024));
        assertTrue(e.getMessage().startsWith(link + ": not a regular file, it is a device, FIFO or socket (via symlink to "), e.getMessage());
    }

    @Test
    @Timeout(30)
    void devZeroAndASymlinkToItAreRefused() throws Exception {
        IOException e = assertThrows(IOException.class, () -> UserFiles.read(Path.of("/dev/zero"), 1024));
        assertEquals("/dev/zero: not a regular file, it is a device, FIFO or socket", e.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("aiprov.yaml"), Path.of("/dev/zero"));
        e = assertThrows(IOException.class, () -> UserFiles.read(link, 1024));
        assertTrue(e.getMessage().contains("via symlink to /dev/zero"), e.getMessage());
    }

    @Test
    void aFileOverTheCapIsRefusedAndOneAtTheCapIsRead() throws Exception {
        Path f = dir.resolve("big.yaml");
        Files.write(f, new byte[1025]);
        IOException e = assertThrows(IOException.class, () -> UserFiles.read(f, 1024));
        assertEquals(f + ": file too large (1025 bytes or more; the limit is 1024 bytes)", e.getMessage());
        Files.write(f, new byte[1024]);
        assertEquals(1024, UserFiles.read(f, 1024).length);
    }

    @Test
    void aRegularFileThroughASymlinkIsReadAndMissingOnesSayWhy() throws Exception {
        Path f = Files.writeString(dir.resolve("real.yaml"), "\uFEFFversion: 1\n");
        Path link = Files.createSymbolicLink(dir.resolve("aiprov.yaml"), f);
        assertEquals("version: 1\n", UserFiles.readText(link, 1024));
        Path dangling = Files.createSymbolicLink(dir.resolve("gone.yaml"), dir.resolve("nowhere"));
        assertEquals(dangling + ": no such file (dangling symlink)",
                assertThrows(IOException.class, () -> UserFiles.read(dangling, 10)).getMessage());
        assertEquals(dir + ": not a regular file, it is a directory",
                assertThrows(IOException.class, () -> UserFiles.read(dir, 10)).getMessage());
    }
}
