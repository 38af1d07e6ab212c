package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.internal.ServeFile;
import picocli.CommandLine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Unix-domain socket of {@code aiprov serve} ({@code aiprov.sock} in the graph directory): thin
 * clients ({@link ServeClient}) send a whole command line, which runs here, in this process, on the
 * graph it holds, with per-request output streams, the client's working directory for relative paths
 * and the client's environment. Only the owner gets in: the socket file is 0600 from the moment it
 * has its name, the peer's uid must be ours (SO_PEERCRED, Linux), and the request must carry the
 * store secret (compared in constant time).
 */
final class ServeSocket implements Closeable {
    /** Longest socket path the kernel takes (sun_path is 108 bytes on Linux, 104 on macOS), with room to spare. */
    private static final int MAX_PATH = 100;

    private final Path path;
    private final ServerSocketChannel channel;
    private final UserPrincipal owner;
    private final byte[] secret;
    private final Graph graph;
    private final Path graphDir;
    private final ExecutorService pool;

    private ServeSocket(Path path, ServerSocketChannel channel, UserPrincipal owner, String secret, Graph graph, Path graphDir) {
        this.path = path;
        this.channel = channel;
        this.owner = owner;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.graph = graph;
        this.graphDir = graphDir;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aiprov-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Listens on the graph's socket, replacing a stale one (the caller holds the store lock, so no
     * other server can own it). Returns null when the path is too long for a Unix-domain socket:
     * clients then use the Bolt route.
     */
    static ServeSocket start(Path graphDir, Graph graph, String secret) throws IOException {
        Path dir = graphDir.toAbsolutePath();
        Path path = ServeFile.socket(dir);
        Files.deleteIfExists(path);
        // bound in a fresh owner-only directory, made 0600, then renamed into place: nobody else can
        // connect to it at any moment, whatever the umask
        Path tmpDir = Files.createTempDirectory(dir, ".sock",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = tmpDir.resolve("s");
        if (tmp.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            Files.delete(tmpDir);
            return null;
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(tmp));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(tmpDir);
            ServeSocket s = new ServeSocket(path, channel, Files.getOwner(path), secret, graph, dir);
            Thread accept = new Thread(s::acceptLoop, "aiprov-serve-accept");
            accept.setDaemon(true);
            accept.start();
            return s;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpDir);
            throw e;
        }
    }

    Path path() {
        return path;
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try {
                SocketChannel c = channel.accept();
                pool.execute(() -> handle(c));
            } catch (IOException | RuntimeException e) {
                // closed (serve stopping), or one failed accept: go on while open
            }
        }
    }

    private void handle(SocketChannel c) {
        try (c) {
            if (!samePeer(c)) return;
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
            if (in.readInt() != ServeProtocol.MAGIC || in.readInt() != ServeProtocol.VERSION) return;
            boolean authorised = MessageDigest.isEqual(secret, ServeProtocol.readString(in).getBytes(StandardCharsets.UTF_8));
            if (!authorised) return;
            Path cwd = Path.of(ServeProtocol.readString(in));
            if (!cwd.isAbsolute()) return;
            String[] args = ServeProtocol.readStrings(in).toArray(String[]::new);
            Map<String, String> env = new HashMap<>();
            for (String kv : ServeProtocol.readStrings(in)) {
                int eq = kv.indexOf('=');
                if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(new ServeProtocol.Frames(o, ServeProtocol.OUT), StandardCharsets.UTF_8));
            PrintWriter err = new PrintWriter(new OutputStreamWriter(new ServeProtocol.Frames(o, ServeProtocol.ERR), StandardCharsets.UTF_8), true);
            int code;
            try {
                code = new ServedRequest(cwd, Map.copyOf(env), graph, graphDir).run(() -> run(args, cwd, out, err));
            } catch (Exception | Error e) {
                err.println("aiprov: error: " + Main.oneLine(e));
                code = ExitCodes.FAILURE;
            }
            out.flush();
            err.flush();
            synchronized (o) {
                o.writeByte(ServeProtocol.EXIT);
                o.writeInt(code);
                o.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent garbage: nothing to answer
        }
    }

    /** The peer runs as the user who owns the socket (Linux); where the platform cannot tell, the 0600 file and the secret decide. */
    private boolean samePeer(SocketChannel c) {
        try {
            jdk.net.UnixDomainPrincipal peer = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().equals(owner) || peer.user().getName().equals(owner.getName());
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int run(String[] args, Path cwd, PrintWriter out, PrintWriter err) {
        CommandLine cl = Main.commandLine(out, err, Main.invoked(args));
        // relative paths given to the client mean its directory, not this server's
        cl.registerConverter(Path.class, s -> cwd.resolve(s));
        cl.registerConverter(File.class, s -> cwd.resolve(s).toFile());
        return cl.execute(args);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale socket is replaced by the next serve and ignored by clients (no live serve file)
        }
    }

    /** Whether a request thread's command runs on the graph this server holds. */
    static boolean sameDir(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
