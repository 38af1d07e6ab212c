package dev.aiprov.cli;

import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.internal.EmbeddedGraph;
import dev.aiprov.graph.internal.ServeFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code aiprov serve}: holds the embedded graph in one long-lived process. Other aiprov commands on
 * the same {@code --graph} find it through {@code aiprov.serve} in the graph directory and run their
 * queries over its authenticated loopback Bolt port, without starting a database of their own.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Hold the embedded graph open so that other aiprov commands on the same --graph run through this "
                + "process (authenticated with the store secret, loopback only) and answer in well under a second. "
                + "Stops on SIGTERM or Ctrl-C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C",
                "2:wrong arguments (e.g. --neo4j-uri, which needs no server)",
                "3:the graph could not be started, or another process holds it"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer>, GraphOptions.HasGraphOptions {
    @Mixin
    GraphOptions graphOptions;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "0",
            description = "Port of the web page (0: no web page; default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the web page listens on (default: ${DEFAULT-VALUE}; anything else exposes the graph to whoever has the token). The graph's Bolt port is always loopback only.")
    String bind;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the server (signals, and tests). */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Tests run the server in their own JVM and stop it through {@link #stop}, not signals. */
    boolean handleSignals = true;
    /** Counted down once the server file is written (tests). */
    final CountDownLatch ready = new CountDownLatch(1);

    @Override
    public GraphOptions graphOptions() {
        return graphOptions;
    }

    /** The environment; tests may override. */
    Map<String, String> env() {
        return System.getenv();
    }

    @Override
    public Integer call() throws Exception {
        if (httpPort < 0 || httpPort > 65535) throw UserException.usage("--http-port must be 0..65535, got " + httpPort);
        if (bind == null || bind.isBlank()) throw UserException.usage("--bind needs an address");
        GraphConfig config = GraphOptions.resolve(spec, env());
        if (!config.isEmbedded()) throw UserException.usage("serve holds an embedded graph; with --neo4j-uri commands use the server directly");
        Path dir = config.embeddedHome();
        PrintWriter err = spec.commandLine().getErr();
        Logs.forGraph();
        EmbeddedGraph graph;
        dev.aiprov.cli.web.WebServer web = null;
        try {
            graph = dev.aiprov.graph.Graph.openEmbedded(dir);
        } catch (GraphException e) {
            ServeFile.live(dir).ifPresent(s -> {
                throw new UserException("graph " + dir + " is already served by PID " + s.pid(), ExitCodes.FAILURE);
            });
            throw new UserException(e.getMessage(), ExitCodes.FAILURE);
        }
        ServeFile file = new ServeFile(ProcessHandle.current().pid(), graph.boltPort());
        ServeSocket socket = null;
        Thread hook = new Thread(() -> {   // a plain kill or System.exit elsewhere: still remove the file
            file.remove(dir);
            stop.countDown();
        }, "aiprov-serve-shutdown");
        try {
            try {
                // thin clients: whole commands over an owner-only Unix-domain socket (before the serve file, so
                // a client that finds the file finds the socket too); a path too long for a socket: Bolt only
                String secret = dev.aiprov.graph.internal.StoreSecret.read(dir);
                socket = secret == null ? null : ServeSocket.start(dir, graph, secret);
                if (socket == null) {
                    err.println("aiprov: note: " + dir + " is too long a path for a Unix-domain socket; clients use Bolt");
                }
            } catch (IOException e) {
                throw new UserException("cannot listen on " + ServeFile.socket(dir) + ": " + e.getMessage(), ExitCodes.FAILURE);
            }
            try {
                file.write(dir);
            } catch (IOException e) {
                throw new UserException("cannot write " + ServeFile.file(dir) + ": " + e.getMessage(), ExitCodes.FAILURE);
            }
            Runtime.getRuntime().addShutdownHook(hook);
            if (handleSignals) Signals.onTerminate(stop::countDown);
            if (httpPort > 0) web = startWeb(graph, err);
            err.println("aiprov: serving graph " + dir + " (PID " + file.pid() + ", Bolt 127.0.0.1:" + file.boltPort()
                    + (socket != null ? ", socket " + socket.path() : "") + ", authenticated); SIGTERM or Ctrl-C stops");
            err.flush();
            ready.countDown();
            while (!stop.await(1, TimeUnit.HOURS)) {
                // wait for a signal
            }
            err.println("aiprov: serve stopped");
            err.flush();
            return ExitCodes.OK;
        } finally {
            file.remove(dir);
            if (socket != null) socket.close();
            if (web != null) web.close();
            graph.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /**
     * The web page on {@code bind:httpPort}, with a fresh random token for this run: printed once (the URL
     * to open), exchanged by the browser for an HttpOnly cookie, never written anywhere else.
     */
    private dev.aiprov.cli.web.WebServer startWeb(EmbeddedGraph graph, PrintWriter err) {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            dev.aiprov.cli.web.WebServer web = dev.aiprov.cli.web.WebServer.start(graph, bind, httpPort, token);
            if (!isLoopback(bind)) {
                err.println("aiprov: WARNING: the web page listens on " + bind + ", beyond this machine: anyone who can "
                        + "reach it and has the token reads the whole graph");
            }
            err.println("aiprov: web page at " + web.url() + " (open it once; the token becomes a cookie)");
            err.flush();
            return web;
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UserException("cannot listen on " + bind + ":" + httpPort + ": " + e.getCause().getMessage(),
                    ExitCodes.FAILURE);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
