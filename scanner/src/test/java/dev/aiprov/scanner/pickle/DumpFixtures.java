package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

class DumpFixtures {
    @Test
    void dump() throws Exception {
        Scanner s = Scanner.withDefaults();
        try (Stream<Path> w = Files.walk(Path.of(System.getProperty("dumpDir", "src/test/resources/fixtures/pickle")))) {
            for (Path p : w.filter(Files::isRegularFile).sorted().toList()) {
                if (p.toString().endsWith(".py")) continue;
                for (FileResult r : s.scanFile(p, p.toString().replaceFirst(".*fixtures/pickle/", ""))) {
                    System.out.println("== " + r.path() + " [" + r.format() + "] worst=" + r.worst() + " read=" + r.bytesRead() + (r.error() != null ? " ERROR=" + r.error() : ""));
                    for (Finding f : r.findings()) System.out.println("   " + f.severity() + " " + f.rule() + " " + f.location() + " | " + f.evidence() + " | " + f.message());
                }
            }
        }
    }
}
