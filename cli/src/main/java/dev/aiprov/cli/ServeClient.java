package dev.aiprov.cli;

import dev.aiprov.graph.internal.ServeFile;
import dev.aiprov.graph.internal.StoreSecret;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The thin client of {@code aiprov serve} (issue 15): when a live server holds the command's graph, the
 * whole command line (with the working directory and environment) goes over the graph's owner-only
 * Unix-domain socket, authenticated with the store secret, and the server runs it; its output and exit
 * code come back. This class runs before picocli, Log4j, Neo4j or the Bolt driver are loaded, and
 * must not load them: it only looks at the arguments enough to find the graph directory.
 */
final class ServeClient {
    /** Top-level commands that only read or write the graph (a crawl, the web page, a scan or a benchmark run here). */
    static final Set<String> COMMANDS = Set.of("query", "findings", "lineage", "exposure", "export", "inventory",
            "approve", "revoke", "policy", "alerts");

    private ServeClient() {
    }

    /**
     * Runs {@code args} through the server of their graph and returns the exit code, or null when the
     * command is not one to forward, or no live server listens on the graph's socket (run it here).
     */
    static Integer forward(String[] args, Path cwd, Map<String, String> env, OutputStream out, OutputStream err) {
        String graph = null;
        String command = null;
        List<String> forwarded = new ArrayList<>(args.length + 2);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            forwarded.add(a);
            if (a.equals("--")) {
                for (i++; i < args.length; i++) forwarded.add(args[i]);
                break;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq < 0 ? a : a.substring(0, eq);
            boolean attached = eq >= 0;
            String value = attached ? a.substring(eq + 1) : i + 1 < args.length ? args[i + 1] : null;
            switch (name) {
                case "--neo4j-uri" -> {
                    return null;   // a Neo4j server: nothing to share
                }
                case "--graph" -> graph = value;
                case "--neo4j-user", "--neo4j-password-file" -> {
                    // only meaningful with --neo4j-uri; skip the value
                }
                case "--events" -> {
                    // file:PATH relative to the client's directory, not the server's
                    if (value != null && value.startsWith("file:") && !value.substring(5).isBlank()) {
                        String abs = "file:" + cwd.resolve(value.substring(5));
                        if (attached) forwarded.set(forwarded.size() - 1, name + "=" + abs);
                        else value = abs;
                    }
                }
                default -> {
                    if (command == null && !a.startsWith("-")) {
                        if (!COMMANDS.contains(a)) return null;
                        command = a;
                    } else if (command == null) {
                        return null;   // --help, --version, an unknown root option: picocli answers
                    }
                    continue;
                }
            }
            if (!attached && value != null) {
                forwarded.add(value);
                i++;
            }
        }
        if (command == null) return null;
        Path dir;
        if (graph != null) {
            dir = cwd.resolve(graph);
        } else {
            String home = System.getProperty("aiprov.home", env.get("AIPROV_HOME"));
            dir = home != null && !home.isBlank() ? cwd.resolve(home) : Path.of(System.getProperty("user.home"), ".aiprov");
            dir = dir.resolve("graph");
            forwarded.addAll(0, List.of("--graph", dir.toString()));   // the server resolves it as this client did
        }
        Path socket = ServeFile.socket(dir);
        if (!Files.exists(socket)) return null;
        Optional<ServeFile> server = ServeFile.live(dir);
        if (server.isEmpty()) return null;   // stale: the process is gone (or not ours); run here
        String secret;
        try {
            secret = StoreSecret.read(dir);
        } catch (RuntimeException e) {
            return null;
        }
        if (secret == null) return null;
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            return null;   // nobody listens: the Bolt route or the embedded graph
        }
        try (channel) {
            DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            o.writeInt(ServeProtocol.MAGIC);
            o.writeInt(ServeProtocol.VERSION);
            ServeProtocol.writeString(o, secret);
            ServeProtocol.writeString(o, cwd.toString());
            ServeProtocol.writeStrings(o, forwarded);
            List<String> vars = new ArrayList<>(env.size());
            env.forEach((k, v) -> vars.add(k + "=" + v));
            ServeProtocol.writeStrings(o, vars);
            o.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            byte[] buf = new byte[8192];
            while (true) {
                byte kind = in.readByte();
                if (kind == ServeProtocol.EXIT) {
                    out.flush();
                    err.flush();
                    return in.readInt();
                }
                OutputStream to = kind == ServeProtocol.OUT ? out : kind == ServeProtocol.ERR ? err : null;
                int n = in.readInt();
                if (to == null || n < 0) throw new IOException("malformed answer");
                while (n > 0) {
                    int r = in.read(buf, 0, Math.min(n, buf.length));
                    if (r < 0) throw new EOFException();
                    to.write(buf, 0, r);
                    n -= r;
                }
                if (kind == ServeProtocol.ERR) err.flush();
            }
        } catch (IOException e) {
            try {
                out.flush();
                String why = e instanceof EOFException ? "it closed the connection (refused, or stopped)" : e.getMessage();
                err.write(("aiprov: error: the command through aiprov serve (PID " + server.get().pid() + ") failed: " + why + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException ignored) {
                // nowhere left to report it
            }
            return ExitCodes.FAILURE;
        }
    }
}
