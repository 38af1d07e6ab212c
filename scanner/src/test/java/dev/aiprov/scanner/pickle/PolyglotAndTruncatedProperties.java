package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Severity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mutation properties extended to the two evasions of issue 12: a malicious zip behind any
 * head (a polyglot) is still judged high, and a payload whose stream breaks after its call (any
 * junk after it) is still critical.
 */
class PolyglotAndTruncatedProperties {
    private static final List<String> HEADS = List.of("GIF89a", "\u0089PNG\r\n\u001a\n", "\u00ff\u00d8\u00ff\u00e0",
            "%PDF-1.7\n", "ID3\u0004\u0000", "# model card\n\nSome text.\n", "BM", "RIFF\u0000\u0000\u0000\u0000WEBPVP8 ");
    private static final List<Path> MALICIOUS_ZIPS = maliciousZips();

    private static List<Path> maliciousZips() {
        try (Stream<Path> s = Files.list(FixtureScan.fixture("malicious"))) {
            return s.filter(p -> {
                byte[] b = FixtureScan.bytes("malicious/" + p.getFileName());
                return b.length > 4 && b[0] == 'P' && b[1] == 'K' && high(FixtureScan.scanBytes(p.getFileName().toString(), b));
            }).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean high(List<FileResult> r) {
        Severity w = FixtureScan.worst(r);
        return w != null && w.atLeast(Severity.HIGH);
    }

    @Provide
    Arbitrary<Integer> zips() {
        return Arbitraries.integers().between(0, MALICIOUS_ZIPS.size() - 1);
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void aMaliciousZipBehindAnyHeadStaysHigh(@ForAll("zips") int file, @ForAll @IntRange(max = 7) int head,
                                            @ForAll @IntRange(max = 6000) int padding) {
        assertTrue(MALICIOUS_ZIPS.size() >= 3, "fixtures: " + MALICIOUS_ZIPS);
        Path p = MALICIOUS_ZIPS.get(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADS.get(head).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[padding]);
        out.writeBytes(FixtureScan.bytes("malicious/" + p.getFileName()));
        List<FileResult> r = FixtureScan.scanBytes("model.keras", out.toByteArray());
        assertTrue(high(r), () -> p + " behind " + HEADS.get(head) + ": " + FixtureScan.all(r));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void aPayloadFollowedByAnyJunkStaysCritical(@ForAll @IntRange(max = 2) int form, @ForAll @Size(max = 64) byte[] junk) {
        String payload = switch (form) {
            case 0 -> "cos\nsystem\n(S'id'\ntR";                                   // protocol 0
            case 1 -> "cos\nsystem\nq\u0000(U\u0002idq\u0001tR";                   // protocol 1
            default -> "cposix\nsystem\np0\n(Vid\np1\ntp2\nRp3\n";                  // protocol 0 with memo
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(payload.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(junk);
        List<FileResult> r = FixtureScan.scanBytes("notes.txt", out.toByteArray());
        assertTrue(FixtureScan.worst(r) == Severity.CRITICAL, () -> FixtureScan.all(r).toString());
    }
}
