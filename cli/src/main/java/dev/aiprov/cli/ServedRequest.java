package dev.aiprov.cli;

import dev.aiprov.graph.Graph;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A command that {@code aiprov serve} runs for a thin client, on the thread that runs it: the client's
 * working directory and environment, and the graph the server holds (shared, never closed by a command).
 */
record ServedRequest(Path cwd, Map<String, String> env, Graph graph, Path graphDir) {
    private static final ThreadLocal<ServedRequest> CURRENT = new ThreadLocal<>();

    /** The request this thread runs, or null (an ordinary command line). */
    static ServedRequest current() {
        return CURRENT.get();
    }

    <T> T run(Callable<T> work) throws Exception {
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            CURRENT.remove();
        }
    }
}
