package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.DetectorRegistry;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Loads the generated fixtures (see fixtures/formats/generate.py) and scans them through {@link Scanner}. */
final class FormatFixtures {
    static final Path ROOT = Path.of("src/test/resources/fixtures/formats");
    static final Scanner SCANNER = Scanner.withDefaults();

    private FormatFixtures() {
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scans a fixture from disk with every registered detector; returns the top-level result. */
    static FileResult scan(String relative) {
        return SCANNER.scanFile(ROOT.resolve(relative), relative).get(0);
    }

    static FileResult scanBytes(String name, byte[] data) {
        return SCANNER.scan(name, new ByteArraySource(data), null).get(0);
    }

    static FileResult scanBytes(String name, byte[] data, Limits limits) {
        return new Scanner(limits, DetectorRegistry.all()).scan(name, new ByteArraySource(data), null).get(0);
    }

    static Finding only(FileResult r, String rule) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule().equals(rule)).toList();
        if (f.size() != 1) fail("expected one " + rule + " in " + describe(r));
        return f.get(0);
    }

    static Finding first(FileResult r, String rule) {
        return r.findings().stream().filter(x -> x.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + describe(r)));
    }

    static void assertFinding(FileResult r, String rule, Severity severity) {
        Finding f = first(r, rule);
        assertEquals(severity, f.severity(), () -> rule + " severity in " + describe(r));
    }

    static void assertClean(FileResult r, String format) {
        assertNull(r.error(), () -> "not judged: " + describe(r));
        assertTrue(r.findings().stream().allMatch(f -> f.severity() == Severity.INFO), () -> describe(r));
        assertEquals(format, r.format());
    }

    static void assertUnjudgedWith(FileResult r, String... anyOfRules) {
        assertNotNull(r.error(), () -> "judged although broken: " + describe(r));
        List<String> rules = List.of(anyOfRules);
        assertTrue(r.findings().stream().anyMatch(f -> rules.contains(f.rule())), () -> describe(r));
    }

    static String describe(FileResult r) {
        return r.path() + " format=" + r.format() + " error=" + r.error() + " findings=" + r.findings().stream()
                .map(f -> f.rule() + "/" + f.severity() + "@" + f.location() + "[" + f.evidence() + "]")
                .collect(Collectors.joining(", "));
    }
}
