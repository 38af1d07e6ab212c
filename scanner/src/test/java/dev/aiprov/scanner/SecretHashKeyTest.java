package dev.aiprov.scanner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretHashKeyTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceOwnerOnlyAndReadBackUnchanged() throws Exception {
        Path home = dir.resolve("home");
        byte[] first = SecretHashKey.loadOrCreate(home);
        Path file = home.resolve(SecretHashKey.FILE_NAME);
        assertEquals(32, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, SecretHashKey.loadOrCreate(home));
        try (var s = Files.list(home)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aTruncatedKeyIsAnErrorNotSilentlyReplaced() throws Exception {
        Files.write(dir.resolve(SecretHashKey.FILE_NAME), new byte[]{1, 2, 3});
        assertThrows(java.io.IOException.class, () -> SecretHashKey.loadOrCreate(dir));
    }
}
