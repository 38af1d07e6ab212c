package dev.aiprov.cli;

import dev.aiprov.graph.internal.ServeFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thin client of {@code aiprov serve} (issue 15): whole commands over the graph's owner-only
 * Unix-domain socket, run in the server with the client's working directory, output and exit code.
 */
class ServeSocketTest {
    @TempDir
    Path dir;

    private Path graph;
    private ServeCommand serve;
    private ExecutorService pool;
    private Future<Integer> served;

    @BeforeEach
    void startServe() throws Exception {
        graph = dir.resolve("graph");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        serve.handleSignals = false;
        pool = Executors.newCachedThreadPool();
        served = pool.submit(() -> cl.execute("serve", "--graph", graph.toString()));
        // the embedded database starts in seconds on a quiet machine, minutes on a loaded one
        for (int i = 0; i < 1200 && !serve.ready.await(1, TimeUnit.SECONDS); i++) {
            assertFalse(served.isDone(), () -> "serve stopped: " + err);
        }
        assertTrue(serve.ready.await(0, TimeUnit.SECONDS), () -> "serve started: " + err);
    }

    @AfterEach
    void stopServe() throws Exception {
        serve.stop.countDown();
        served.get(2, TimeUnit.MINUTES);
        pool.shutdownNow();
    }

    record Run(Integer exit, String out, String err) {
    }

    /** What a client in {@code cwd} gets for {@code args}; exit null = not forwarded. */
    private static Run client(Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer exit = ServeClient.forward(args, cwd, Map.of("AIPROV_HOME", cwd.resolve("home").toString()), out, err);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSocketIsTheOwnersOnlyAndAnswersAQueryWithItsExitCode() throws Exception {
        Path socket = ServeFile.socket(graph);
        assertTrue(Files.exists(socket));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

        Run ok = client(dir, "query", "--graph", graph.toString(), "RETURN 'via the socket' AS via");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("via the socket"), ok.out());

        Run refused = client(dir, "query", "--graph", graph.toString(), "CREATE (n:X) RETURN n");   // read-only query refused
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("aiprov: "), refused.err());

        Run usage = client(dir, "query", "--graph", graph.toString(), "--no-such-option", "RETURN 1");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("--no-such-option"), usage.err());
    }

    @Test
    void relativePathsMeanTheClientsDirectory() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.copy(InventoryCommandsTest.fixture("aiprov.yaml"), work.resolve("inv.yaml"));
        // --graph and the manifest relative to the client's directory, which is not the server's
        Run imported = client(work, "--graph", "../graph", "inventory", "import", "inv.yaml");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.err().contains("imported"), imported.err());

        Run read = client(work, "query", "--graph", "../graph", "MATCH (d:Deployment) RETURN d.name AS name");
        assertEquals(0, read.exit(), read.err());
        assertTrue(read.out().contains("support-bot"), read.out());

        Run missing = client(work, "--graph", "../graph", "inventory", "import", "nothing-here.yaml");
        assertTrue(missing.exit() != 0);
        assertTrue(missing.err().contains(work.resolve("nothing-here.yaml").toString()), missing.err());
    }

    @Test
    void concurrentClientsEachGetTheirOwnOutput() throws Exception {
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String marker = "client-" + i + "-";
            runs.add(pool.submit(() -> client(dir, "query", "--graph", graph.toString(),
                    "UNWIND range(1, 200) AS i RETURN '" + marker + "' + i AS line")));
        }
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i).get(5, TimeUnit.MINUTES);
            assertEquals(0, r.exit(), r.err());
            for (int k = 1; k <= 200; k++) assertTrue(r.out().contains("client-" + i + "-" + k), "line " + k + " of client " + i);
            for (int j = 0; j < runs.size(); j++) {
                if (j != i) assertFalse(r.out().contains("client-" + j + "-"), "client " + i + " got output of client " + j);
            }
        }
    }

    @Test
    void aWrongSecretGetsNothing() throws Exception {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(ServeFile.socket(graph)))) {
            DataOutputStream o = new DataOutputStream(Channels.newOutputStream(c));
            o.writeInt(ServeProtocol.MAGIC);
            o.writeInt(ServeProtocol.VERSION);
            ServeProtocol.writeString(o, "not-the-secret");
            ServeProtocol.writeString(o, dir.toString());
            ServeProtocol.writeStrings(o, List.of("query", "--graph", graph.toString(), "MATCH (n) RETURN count(n)"));
            ServeProtocol.writeStrings(o, List.of());
            o.flush();
            // closed without an answer: an end of stream, or a reset when the server closed before it
            // had read what the client sent after the secret (it stops reading at the wrong secret)
            int read;
            try {
                read = c.read(ByteBuffer.allocate(16));
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "closed without an answer");
        }
    }

    @Test
    void commandsThatRunOnTheClientAreNotForwarded() {
        assertNull(client(dir, "--version").exit());
        assertNull(client(dir, "--graph", graph.toString(), "--help").exit());
        assertNull(client(dir, "scan", "--graph", graph.toString(), dir.toString()).exit());
        assertNull(client(dir, "crawl", "--graph", graph.toString(), "--author", "x").exit());
        assertNull(client(dir, "query", "--neo4j-uri", "bolt://localhost:7687", "RETURN 1").exit());
        assertNull(client(dir, "query", "--graph", dir.resolve("other").toString(), "RETURN 1").exit(), "no server on that graph");
    }

    @Test
    void aThinClientProcessLoadsNeitherTheDriverNorPicocli() throws Exception {
        Path log = dir.resolve("classes.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "query", "--graph", graph.toString(), "RETURN 'from a process' AS via");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("from a process"), out);
        String classes = Files.readString(log);
        for (String heavy : List.of(" org.neo4j.", " picocli.", " org.apache.logging.", " com.fasterxml.jackson.")) {
            assertFalse(classes.contains(heavy), heavy + " loaded by the thin client");
        }
    }

    @Test
    void aStaleSocketIsIgnoredAndReplaced() throws Exception {
        serve.stop.countDown();
        served.get(2, TimeUnit.MINUTES);
        assertFalse(Files.exists(ServeFile.socket(graph)), "serve removes its socket");
        // a serve that died without cleaning up: its file names a finished process, its socket has no listener
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new ServeFile(gone.pid(), 1).write(graph);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(ServeFile.socket(graph)));
        }
        assertTrue(Files.exists(ServeFile.socket(graph)));
        assertNull(client(dir, "query", "--graph", graph.toString(), "RETURN 1").exit(), "stale: run here instead");

        pool.shutdownNow();
        startServe();   // a new serve replaces the stale socket with its own
        Run r = client(dir, "query", "--graph", graph.toString(), "RETURN 'new serve' AS via");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("new serve"), r.out());
    }
}
