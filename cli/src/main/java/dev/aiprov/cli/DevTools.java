package dev.aiprov.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What {@code aiprov-dev.jar} (the {@code bench} module) adds to the CLI: the benchmarks and the
 * demo's fake Hub, kept off the production class path. Found with {@link ServiceLoader}, on the
 * class path (tests) or in {@code aiprov-dev.jar} beside the jar this class was loaded from.
 */
public interface DevTools {
    /** The jar's name, beside aiprov.jar. */
    String JAR = "aiprov-dev.jar";

    /** The one-line message when the jar is absent. */
    String MISSING = "needs " + JAR + " beside aiprov.jar (benchmarks and the demo Hub are not in the production jar); "
            + "build both with: mvn -B -q package -DskipTests";

    /** Runs benchmark {@code name} (one of {@code BenchCommand.Target}), printing its figures to {@code out}. */
    void bench(String name, PrintStream out, Path workDir, int models, int batch) throws Exception;

    /** Starts the demo's fake Hub on 127.0.0.1, serving the recorded Hub responses of the demo repos. */
    Hub demoHub() throws IOException;

    /** A running fake Hub. */
    interface Hub extends AutoCloseable {
        /** {@code http://127.0.0.1:PORT}: use as the Hub endpoint. */
        String endpoint();

        @Override
        void close();
    }

    /** The dev tools, or empty when neither the class path nor a jar beside ours has them. */
    static Optional<DevTools> find() {
        ClassLoader own = DevTools.class.getClassLoader();
        Optional<DevTools> found = ServiceLoader.load(DevTools.class, own).findFirst();
        if (found.isPresent()) return found;
        Path jar = besideOwnJar();
        if (jar == null || !Files.isRegularFile(jar)) return Optional.empty();
        try {
            // not closed: the classes it loads stay in use until the JVM exits
            URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, own);
            return ServiceLoader.load(DevTools.class, loader).findFirst();
        } catch (MalformedURLException e) {
            return Optional.empty();
        }
    }

    /** {@code aiprov-dev.jar} in the directory of the jar holding this class, or null when not run from a jar. */
    private static Path besideOwnJar() {
        try {
            CodeSource source = DevTools.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path self = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(self) && self.getParent() != null ? self.getParent().resolve(JAR) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
