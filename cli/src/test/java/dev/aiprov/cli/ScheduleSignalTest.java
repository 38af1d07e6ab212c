package dev.aiprov.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crawl --schedule} in its own JVM, waiting for a fire time a year away: SIGTERM ends it
 * promptly with exit status 0 (not after a 60 s wait with 143). The bound below guards against a
 * hang; it is not a timing benchmark.
 */
class ScheduleSignalTest {
    static final long HANG_GUARD_SECONDS = 15;

    @TempDir
    Path dir;

    @Test
    void sigtermWhileWaitingForTheNextCrawlStopsPromptlyWithExitZero() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("--enable-native")).toList());
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--graph", dir.resolve("graph").toString(), "crawl", "--model", "org/m", "--no-scan", "--no-progress",
                "--endpoint", "http://127.0.0.1:9", "--schedule", "0 0 1 1 *"));
        Path log = dir.resolve("stderr.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(dir.resolve("stdout.log").toFile());
        pb.environment().put("AIPROV_HOME", dir.resolve("home").toString());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!Files.readString(log).contains("schedule: next crawl at") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(log).contains("schedule: next crawl at"), () -> "never scheduled: " + read(log));

            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), () -> "still running after SIGTERM: " + read(log));
            assertEquals(0, p.exitValue(), () -> read(log));
            assertTrue(read(log).contains("schedule ended after 0 runs (0 failed): stopped"), () -> read(log));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
