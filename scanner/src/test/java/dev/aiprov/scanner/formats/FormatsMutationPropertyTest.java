package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.io.ByteArraySource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncates and corrupts every generated fixture and scans the result through a {@link Scanner} holding
 * this package's detectors: no exception escapes, no detector crashes, and a file that could not be
 * judged always carries a finding saying why.
 */
class FormatsMutationPropertyTest {
    private static final Scanner SCANNER;
    private static final List<Path> FIXTURES;

    static {
        Limits d = Limits.defaults();
        SCANNER = new Scanner(new Limits(d.maxFileBytes(), d.maxMemberBytes(), d.maxExpandedBytes(),
                d.maxArchiveDepth(), d.maxArchiveEntries(), d.maxStringBytes(), d.maxPickleOps(),
                Duration.ofSeconds(10), d.maxTextBytes()), List.of(new KerasConfigDetector(), new Hdf5Detector(),
                new SavedModelDetector(), new OnnxDetector(), new GgufDetector(), new SafetensorsDetector()));
        try (Stream<Path> s = Files.walk(FormatFixtures.ROOT)) {
            FIXTURES = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".py")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A fixture and a mutation: 0 truncate, 1 flip bytes, 2 overwrite a little-endian length with a huge value. */
    record Case(Path file, int kind, int position, int count, long value) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(FIXTURES), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(1, 8),
                Arbitraries.longs()).as(Case::new);
    }

    @Property(tries = 400)
    void mutatedFixturesNeverEscapeOrFailOpen(@ForAll("cases") Case c) throws IOException {
        byte[] data = mutate(Files.readAllBytes(c.file()), c);
        String name = FormatFixtures.ROOT.relativize(c.file()).toString();
        List<FileResult> results = SCANNER.scan(name, new ByteArraySource(data), null);
        assertFalse(results.isEmpty());
        FileResult top = results.get(0);
        assertEquals(name, top.path());
        if (!top.judged()) {
            assertFalse(top.findings().isEmpty(), () -> "unjudged without a finding: " + FormatFixtures.describe(top));
        }
        for (Finding f : top.findings()) {
            assertTrue(f.rule().matches("[A-Z0-9_]+"), f.rule());
            assertFalse(f.rule().equals("SCAN_CRASH"), () -> "crash: " + FormatFixtures.describe(top));
        }
    }

    private static byte[] mutate(byte[] b, Case c) {
        if (b.length == 0) return b;
        int at = c.position() % b.length;
        switch (c.kind()) {
            case 0:
                return java.util.Arrays.copyOf(b, at);
            case 1: {
                byte[] m = b.clone();
                java.util.Random r = new java.util.Random(c.value());
                for (int i = 0; i < c.count(); i++) m[(at + r.nextInt(Math.max(1, Math.min(64, b.length)))) % m.length] ^= (byte) (1 + r.nextInt(255));
                return m;
            }
            default: {
                byte[] m = b.clone();
                for (int i = 0; i < 8 && at + i < m.length; i++) m[at + i] = (byte) (c.value() >>> (8 * i));
                return m;
            }
        }
    }
}
