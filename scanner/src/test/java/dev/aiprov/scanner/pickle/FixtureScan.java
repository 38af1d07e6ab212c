package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helpers: scan checked-in fixtures or inline bytes with the default scanner. */
public final class FixtureScan {
    public static final Path ROOT = Path.of("src/test/resources/fixtures/pickle");
    public static final Scanner SCANNER = Scanner.withDefaults();

    private FixtureScan() {
    }

    public static Path fixture(String relative) {
        return ROOT.resolve(relative);
    }

    public static List<FileResult> scan(String relative) {
        Path p = fixture(relative);
        return SCANNER.scanFile(p, p.getFileName().toString());
    }

    public static List<FileResult> scanBytes(String name, byte[] data) {
        return SCANNER.scan(name, new ByteArraySource(data), null);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(fixture(relative));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every finding of the file and its members. */
    public static List<Finding> all(List<FileResult> results) {
        List<Finding> out = new ArrayList<>();
        for (FileResult r : results) out.addAll(r.findings());
        return out;
    }

    public static Optional<Finding> find(List<FileResult> results, String rule) {
        return all(results).stream().filter(f -> f.rule().equals(rule)).findFirst();
    }

    public static Finding require(List<FileResult> results, String rule, String evidence) {
        return all(results).stream().filter(f -> f.rule().equals(rule) && (evidence == null || f.evidence().equals(evidence)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " " + (evidence == null ? "" : evidence)
                        + " in " + all(results)));
    }

    public static Severity worst(List<FileResult> results) {
        Severity w = null;
        for (FileResult r : results) w = Severity.worst(w, r.worst());
        return w;
    }
}
