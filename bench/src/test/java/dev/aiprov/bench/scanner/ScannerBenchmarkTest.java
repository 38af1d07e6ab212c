package dev.aiprov.bench.scanner;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScannerBenchmarkTest {
    @Test
    void aFileWithoutFindingsIsWorstNoneNotNull(@TempDir Path dir) throws Exception {
        Path clean = Files.write(dir.resolve("model.safetensors"),
                new byte[]{2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        FileResult r = Scanner.withDefaults().scanPaths(List.of(clean), 1).get(0);
        assertEquals("none", ScannerBenchmark.worst(r), r.toString());
        Path evil = Files.write(dir.resolve("evil.pkl"), "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("critical", ScannerBenchmark.worst(Scanner.withDefaults().scanPaths(List.of(evil), 1).get(0)));
    }
}
