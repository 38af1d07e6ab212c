package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.io.ByteArraySource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random and mutated text never makes the detector throw, and its findings stay bounded and in range. */
class SecretsPropertyTest {
    private static final String SEED = """
            {"cells": [{"source": ["token = \\"hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh\\"\\n"], "outputs": [{"data":
            {"text/plain": "aGZfQWJDZEVmR2hJaktsTW5PcFFyU3RVdld4WXpBYkNkRWZHaA=="}}]}],
            "u": "\\u0068\\u0066_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGq", "url": "postgres://u:Zq8mN4pR7sT1vW3y@h/db?token=Zq8mN4pR7sT1vW3yB5dF",
            "k": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----",
            "a": "AKIAQWERTYUIOPASDFGH", "s": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8mN4pR7s", "p": "%68%66%5F", "c": "x" + "y"}
            """;
    private static final Scanner SCANNER = new Scanner(Limits.defaults(), List.of(new SecretsDetector()));

    @Provide
    Arbitrary<byte[]> mutated() {
        byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> flips = Arbitraries.integers().between(0, seed.length - 1).list().ofMaxSize(40)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] copy = seed.clone();
                    for (int i = 0; i < positions.size(); i++) copy[positions.get(i)] = values.get(i);
                    return copy;
                }));
        Arbitrary<byte[]> cuts = Arbitraries.integers().between(0, seed.length).map(n -> java.util.Arrays.copyOf(seed, n));
        Arbitrary<byte[]> noise = Arbitraries.strings().withChars("hf_sk-AKIA:=()\\\"'%+/=eyJ.-----BEGIN abc0123\n")
                .ofMaxLength(3000).map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(flips, cuts, noise);
    }

    @Property(tries = 400)
    void randomOrMutatedTextNeverThrowsAndStaysBounded(@ForAll("mutated") byte[] text) {
        FileResult r = SCANNER.scan("fuzz.json", new ByteArraySource(text), null).get(0);
        // binary-looking mutations (a NUL in the head) are not text: the only acceptable error
        assertTrue(r.error() == null || r.error().equals("unsupported format"), () -> "error: " + r.error());
        assertTrue(r.findings().size() <= text.length / 8 + 1);
        for (Finding f : r.findings()) {
            if (f.rule().equals("UNSUPPORTED_FORMAT")) continue;
            assertTrue(f.rule().startsWith("SECRET_"), f.rule());
            assertTrue(f.location().offset() >= 0 && f.location().offset() < text.length);
            assertTrue(f.location().line() >= 1);
        }
    }
}
