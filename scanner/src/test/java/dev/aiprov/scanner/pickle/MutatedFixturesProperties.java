package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncated and mutated versions of every pickle-family fixture: nothing escapes Scanner.scan,
 * and a result that could not be judged always says why in a finding (never a silent pass).
 */
class MutatedFixturesProperties {
    private static final List<Path> FILES = list();
    private static final List<String> OURS = List.of("pickle", "npy", "zip", "tar", "7z", "compressed", "data");

    private static List<Path> list() {
        try (Stream<Path> s = Files.walk(FixtureScan.ROOT)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".py"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("deny")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture, a mutation kind, a position (fraction of the length) and a seed byte. */
    record Case(int file, int kind, double at, int value, int count) {
        byte[] apply() throws IOException {
            byte[] d = Files.readAllBytes(FILES.get(file));
            int pos = (int) Math.min(d.length - 1L, Math.max(0, (long) (at * d.length)));
            switch (kind) {
                case 0 -> { return Arrays.copyOf(d, pos); }                       // truncate
                case 1 -> {                                                       // overwrite bytes
                    for (int i = 0; i < count && pos + i < d.length; i++) d[pos + i] = (byte) (value + 31 * i);
                    return d;
                }
                case 2 -> {                                                       // insert bytes
                    byte[] out = new byte[d.length + count];
                    System.arraycopy(d, 0, out, 0, pos);
                    Arrays.fill(out, pos, pos + count, (byte) value);
                    System.arraycopy(d, pos, out, pos + count, d.length - pos);
                    return out;
                }
                case 3 -> {                                                       // 32-bit length field set huge
                    for (int i = 0; i < 4 && pos + i < d.length; i++) d[pos + i] = (byte) 0xff;
                    return d;
                }
                default -> {                                                      // drop a span
                    int end = Math.min(d.length, pos + count * 7);
                    byte[] out = new byte[d.length - (end - pos)];
                    System.arraycopy(d, 0, out, 0, pos);
                    System.arraycopy(d, end, out, pos, d.length - end);
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(0, FILES.size() - 1),
                Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 16)).as(Case::new);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void noMutationEscapesTheScannerOrPassesSilently(@ForAll("cases") Case c) throws IOException {
        String name = FILES.get(c.file()).getFileName().toString();
        List<FileResult> results = FixtureScan.scanBytes(name, c.apply());
        assertFalse(results.isEmpty());
        for (FileResult r : results) {
            assertTrue(r.judged() || !r.findings().isEmpty(), () -> "unjudged without a finding: " + r);
            assertTrue(r.format() != null && !r.format().isEmpty());
            for (var f : r.findings()) {
                boolean ours = OURS.stream().anyMatch(id -> f.message().startsWith(id + " failed"));
                assertFalse(f.rule().equals("SCAN_CRASH") && ours, () -> "crash: " + f);
            }
        }
    }
}
