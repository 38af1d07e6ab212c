package dev.aiprov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands that do not need the graph load neither the database, Spring nor Log4j core (issue 15.1):
 * each runs in a fresh JVM that lists every class it loaded.
 */
class LightCommandsTest {
    private static final List<String> HEAVY = List.of("org.neo4j.", "org.springframework.", "org.apache.logging.log4j.core.");

    @TempDir
    Path dir;

    @Test
    void helpVersionScanDiscoverAndCacheLoadNoDatabaseSpringOrLog4jCore() throws Exception {
        Path model = Files.write(dir.resolve("model.pkl"), new byte[]{(byte) 0x80, 2, 'N', '.'});   // pickle of None
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("app.py"), "from transformers import AutoModel\nAutoModel.from_pretrained('org/name')\n");
        Path cache = Files.createDirectories(dir.resolve("hub"));
        assertLight(0, "--help");
        assertLight(0, "--version");
        assertLight(0, "scan", model.toString());
        assertLight(0, "inventory", "discover", src.toString());
        assertLight(0, "inventory", "cache", cache.toString(), "--format", "json");
    }

    @Test
    void aGraphCommandDoesLoadThem() throws Exception {   // the check above can fail: this is what it catches
        List<String> loaded = run(0, "query", "--graph", dir.resolve("g").toString(), "RETURN 1");
        assertTrue(loaded.stream().anyMatch(c -> c.startsWith("org.neo4j.kernel.")), "the database was loaded");
        assertTrue(loaded.stream().anyMatch(c -> c.startsWith("org.apache.logging.log4j.core.")), "log4j core was loaded");
    }

    /**
     * The scan itself (from {@code events.LocalScan} on: key, allowlist, scan, report, events) uses
     * classes of {@code scanner}, {@code events} and the cli's rendering only: no graph, inventory or
     * crawler class.
     */
    @Test
    void theScanWorkflowLoadsOnlyScannerAndEventsClasses() throws Exception {
        Path src = Files.createDirectories(dir.resolve("leaky"));
        Files.writeString(src.resolve("train.py"), "token = 'hf_" + "daVDxeNmANHFJSBHPjbfhZAaMHzDiXKiZB'\n");
        List<String> loaded = run(1, "scan", src.toString(), "--format", "sarif");
        int from = loaded.indexOf("dev.aiprov.events.LocalScan");
        assertTrue(from >= 0, "the scan went through events.LocalScan");
        List<String> foreign = loaded.subList(from, loaded.size()).stream()
                .filter(c -> c.startsWith("dev.aiprov.") && !c.startsWith("dev.aiprov.scanner.")
                        && !c.startsWith("dev.aiprov.events.") && !c.startsWith("dev.aiprov.cli."))
                .distinct().toList();
        assertEquals(List.of(), foreign);
        assertTrue(loaded.contains("dev.aiprov.events.ScanEvents"), "the scan's events were emitted");
    }

    private void assertLight(int exit, String... args) throws Exception {
        List<String> loaded = run(exit, args);
        assertTrue(loaded.size() > 100, "class loading was logged");
        List<String> heavy = loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList();
        assertEquals(List.of(), heavy.subList(0, Math.min(5, heavy.size())),
                String.join(" ", args) + " loaded " + heavy.size() + " heavy classes");
    }

    /** Runs aiprov in a new JVM on this test's class path; returns the names of the classes it loaded. */
    private List<String> run(int exit, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "classes", ".txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:class+load=info:file=" + log,
                "-Daiprov.home=" + dir.resolve("home"), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "finished");
        assertEquals(exit, p.exitValue(), String.join(" ", args) + ": " + Files.readString(dir.resolve("out.txt")));
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int i = line.indexOf("] ");
            int j = line.indexOf(" source:");
            if (i > 0 && j > i) names.add(line.substring(i + 2, j));
        }
        return names;
    }
}
