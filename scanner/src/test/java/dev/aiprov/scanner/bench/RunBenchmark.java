package dev.aiprov.scanner.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;

/** Runs the benchmark on demand: {@code mvn -pl scanner test -Dtest=RunBenchmark -Dbench=true}. */
class RunBenchmark {
    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void printsFigures() {
        ScannerBenchmark.run(System.out, Path.of(System.getProperty("java.io.tmpdir")));
    }
}
