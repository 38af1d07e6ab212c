package dev.aiprov.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar aiprov.jar scan DIR} re-runs itself with the scan's JIT flags and class-data
 * archive (as bin/aiprov runs it) and answers exactly as a scan in the same process would. Runs the
 * built jar in fresh JVMs; skipped when aiprov.jar has not been built.
 */
class ScanRelaunchTest {
    private static final Path JAR = Path.of("..", "cli", "target", "aiprov.jar").toAbsolutePath().normalize();
    /** Protocol-0 pickle calling os.system: written, never loaded. */
    private static final byte[] EVIL = "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run scan(Path home, boolean cds, String... args) throws Exception {
        return scan(home, cds, List.of(), args);
    }

    private Run scan(Path home, boolean cds, List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString(), "scan"));
        cmd.addAll(List.of(args));
        return run(cmd, home, cds ? Map.of() : Map.of("AIPROV_CDS", "off"));
    }

    /** Runs {@code cmd} with AIPROV_HOME {@code home}, AIPROV_CDS unset unless {@code env} sets it, and more {@code env}. */
    private Run run(List<String> cmd, Path home, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("AIPROV_CDS");
        pb.environment().put("AIPROV_HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd + " finished");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    private static List<Path> archives(Path home) throws IOException {
        Path dir = home.resolve("cds");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aDirectoryScanReRunsWithTheScanArchiveAndAnswersTheSame() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built (mvn package)");
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}\n");
        Path rerun = tmp.resolve("home-rerun");
        Path here = tmp.resolve("home-here");

        Run inProcess = scan(here, false, "--format", "json", dir.toString());
        Run first = scan(rerun, true, "--format", "json", dir.toString());
        assertEquals(1, inProcess.exit(), inProcess.err());
        assertEquals(inProcess.exit(), first.exit(), first.err());
        assertEquals(inProcess.out(), first.out(), "the re-run prints the same report");
        assertEquals(List.of(), archives(here), "AIPROV_CDS=off: scanned in process, no archive");
        List<Path> made = archives(rerun);
        assertEquals(1, made.size(), "the re-run wrote the scan's class-data archive: " + made);
        assertTrue(made.get(0).getFileName().toString().matches("light-\\d+-\\d+\\.jsa"), made.toString());

        Run second = scan(rerun, true, "--format", "json", dir.toString());   // maps that archive
        assertEquals(first.exit(), second.exit(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals(made, archives(rerun));
        assertTrue(!second.err().contains("Exception") && !second.err().contains("warning"), second.err());
    }

    @Test
    void noArchiveIsWrittenOrReadWhereOthersCanWrite() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built (mvn package)");
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Path home = Files.createDirectories(tmp.resolve("shared-home"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Run r = scan(home, true, dir.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals(List.of(), archives(home), "a home anyone can write gets no archive");
        // bin/aiprov applies the same rule
        Run sh = launcher(home, "scan", dir.toString());
        assertEquals(1, sh.exit(), sh.err());
        assertEquals(List.of(), archives(home));
        Path mine = Files.createDirectories(tmp.resolve("my-home"));
        Run ok = launcher(mine, "scan", dir.toString());
        assertEquals(1, ok.exit(), ok.err());
        List<Path> made = archives(mine);
        assertEquals(1, made.size(), made.toString());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(made.get(0))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mine.resolve("cds"))));
    }

    private Run launcher(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", Path.of("..", "bin", "aiprov").toAbsolutePath().normalize().toString()));
        cmd.addAll(List.of(args));
        return run(cmd, home, Map.of("AIPROV_JAR", JAR.toString(), "JAVA_HOME", System.getProperty("java.home")));
    }

    @Test
    void aJvmStartedWithItsOwnCollectorOrAgentScansInProcess() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built (mvn package)");
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Path plain = tmp.resolve("home-plain");
        Run expected = scan(plain, false, "--format", "json", dir.toString());
        assertEquals(1, expected.exit(), expected.err());
        for (List<String> jvm : List.of(List.of("-XX:+UseG1GC"), List.of("-XX:+UseParallelGC", "-Xmx256m"), List.of("-Xshare:off"))) {
            Path home = tmp.resolve("home" + Math.abs(jvm.hashCode()));
            Run r = scan(home, true, jvm, "--format", "json", dir.toString());
            assertEquals(1, r.exit(), jvm + ": " + r.err());
            assertEquals(expected.out(), r.out(), jvm.toString());
            assertEquals(List.of(), archives(home), jvm + ": scanned here, with the user's options, no re-run");
        }
        // heap sizes and properties are passed on to the re-run
        Path home = tmp.resolve("home-heap");
        Run r = scan(home, true, List.of("-Xmx300m", "-Dx.y=z"), "--format", "json", dir.toString());
        assertEquals(expected.out(), r.out(), r.err());
        assertEquals(1, archives(home).size(), "re-ran and wrote the scan's archive");
    }

    @Test
    void oneFileIsScannedInProcess() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built (mvn package)");
        Path f = tmp.resolve("evil.pkl");
        Files.write(f, EVIL);
        Path home = tmp.resolve("home");
        Run r = scan(home, true, f.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("1 file scanned"), r.out());
        assertEquals(List.of(), archives(home), "a one-file scan does not pay for a second JVM");
    }
}
