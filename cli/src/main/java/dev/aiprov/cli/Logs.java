package dev.aiprov.cli;

/**
 * Logging set-up done only by the commands that need it: loading Log4j core costs ~500 classes, so
 * {@code --help}, {@code --version}, {@code scan} and the inventory commands that do not touch the
 * graph never call this.
 */
final class Logs {
    private static volatile boolean configured;

    private Logs() {
    }

    /** Before the graph (Neo4j) or a crawl (Spring Batch) starts: Spring's stack traces off, the CLI reports failures in one line. */
    static void forGraph() {
        if (configured) return;
        synchronized (Logs.class) {
            if (configured) return;
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.springframework", org.apache.logging.log4j.Level.OFF);
            configured = true;
        }
    }
}
