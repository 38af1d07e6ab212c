package dev.aiprov.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shaded production jar holds no benchmark, no fake Hub and no MockWebServer: they ship only in
 * aiprov-dev.jar. Runs in {@code mvn verify} (the reactor packages cli before this module's tests);
 * skipped when aiprov.jar has not been built.
 */
class ProductionJarTest {
    private static final Path JAR = Path.of("..", "cli", "target", "aiprov.jar");
    private static final Pattern DEV_ONLY = Pattern.compile(
            "dev/aiprov/(.+/)?bench/.*|dev/aiprov/fakehub/.*|mockwebserver3/.*|okhttp3/mockwebserver/.*|dev/aiprov/fakehub/demo-hub\\.json");

    @Test
    void aiprovJarHoldsNoBenchFakeHubOrMockWebServerClass() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " not built (mvn package)");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> found = jar.stream().map(e -> e.getName()).filter(n -> DEV_ONLY.matcher(n).matches()).limit(20).toList();
            assertEquals(List.of(), found, "dev-only entries in the production jar");
            assertTrue(jar.getEntry("dev/aiprov/cli/Main.class") != null, "not the cli jar");
            assertTrue(jar.getEntry("dev/aiprov/cli/DevTools.class") != null, "the CLI's way to find aiprov-dev.jar");
        }
    }
}
