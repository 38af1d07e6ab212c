package dev.aiprov.scanner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    // FIPS 180-2 test vector: SHA-256("abc")
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesBytesTextAndFilesAlike(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ABC, Sha256.hex("abc"));
        assertEquals(ABC, Sha256.hex(f));
    }

    @Test
    void cutsAPrefixOfTheRequestedByteCount() {
        assertEquals(ABC.substring(0, 16), Sha256.hexPrefix("abc", 8));
        assertEquals(ABC.substring(0, 32), Sha256.hexPrefix("abc", 16));
    }

    @Test
    void hashesTextAsUtf8() {
        assertEquals(Sha256.hex("é".getBytes(StandardCharsets.UTF_8)), Sha256.hex("é"));
    }
}
