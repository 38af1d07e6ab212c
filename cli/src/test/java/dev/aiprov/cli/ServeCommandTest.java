package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.internal.ServeFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code aiprov serve}, and two commands on one graph with and without it (issue 15.4, 15.5). */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void commandsOnTheSameGraphRunThroughTheServerInsteadOfFailingOnTheLock() throws Exception {
        Path graph = dir.resolve("graph");
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        serve.handleSignals = false;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> served = pool.submit(() -> cl.execute("serve", "--graph", graph.toString()));
            assertTrue(serve.ready.await(5, TimeUnit.MINUTES), "serve started");
            Path file = ServeFile.file(graph);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(ProcessHandle.current().pid(), ServeFile.read(graph).orElseThrow().pid());

            // the server holds the store lock: without it, these would fail with "in use"
            CliRun write = CliRun.of("--graph", graph.toString(), "inventory", "import", manifest().toString());
            assertEquals(0, write.exit(), write.err());
            CliRun read = CliRun.of("query", "--graph", graph.toString(), "MATCH (d:Deployment) RETURN d.name AS name");
            assertEquals(0, read.exit(), read.err());
            assertTrue(read.out().contains("support-bot"), read.out());

            CliRun second = CliRun.of("serve", "--graph", graph.toString());
            assertEquals(3, second.exit());
            assertTrue(second.err().contains("already served by PID " + ProcessHandle.current().pid()), second.err());

            serve.stop.countDown();
            assertEquals(0, served.get(2, TimeUnit.MINUTES));
            assertFalse(Files.exists(file), "the server file is removed");
        } finally {
            serve.stop.countDown();
            pool.shutdownNow();
        }
        try (Graph g = Graph.open(GraphConfig.embedded(graph))) {   // and the graph opens embedded again
            assertTrue(g.describe().startsWith("embedded"), g.describe());
        }
    }

    @Test
    void serveWithAnHttpPortServesTheWebPageOnlyToTheTokenHolder() throws Exception {
        Path graph = dir.resolve("graph");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        serve.handleSignals = false;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            int httpPort = port;
            Future<Integer> served = pool.submit(() -> cl.execute("serve", "--graph", graph.toString(), "--http-port", String.valueOf(httpPort)));
            assertTrue(serve.ready.await(5, TimeUnit.MINUTES), "serve started: " + err);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(http://127\\.0\\.0\\.1:" + port + "/\\?token=([A-Za-z0-9_-]+))")
                    .matcher(err.toString());
            assertTrue(m.find(), err.toString());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI api = java.net.URI.create("http://127.0.0.1:" + port + "/api/findings");
            var refused = http.send(java.net.http.HttpRequest.newBuilder(api).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), refused.body());
            var wrong = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "?token=" + "x".repeat(43))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, wrong.statusCode(), wrong.body());
            var login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            var ok = http.send(java.net.http.HttpRequest.newBuilder(api).header("Cookie", cookie.split(";")[0]).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().strip().startsWith("{") || ok.body().strip().startsWith("["), ok.body());
            serve.stop.countDown();
            assertEquals(0, served.get(2, TimeUnit.MINUTES));
            // the page stops with the server
            assertThrows(java.io.IOException.class, () -> http.send(java.net.http.HttpRequest.newBuilder(api).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        } finally {
            serve.stop.countDown();
            pool.shutdownNow();
        }
    }

    private Path manifest() throws Exception {
        return InventoryCommandsTest.fixture("aiprov.yaml");
    }

    @Test
    void aStaleServerFileIsIgnored() throws Exception {
        Path graph = Files.createDirectories(dir.resolve("graph"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new ServeFile(gone.pid(), 1).write(graph);
        CliRun r = CliRun.of("query", "--graph", graph.toString(), "RETURN 41 + 1 AS answer");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("42"), r.out());
    }

    @Test
    void withoutAServerASecondCommandGetsOneLineNamingTheHolder() {
        Path graph = dir.resolve("graph");
        try (Graph held = Graph.open(GraphConfig.embedded(graph))) {
            CliRun r = CliRun.of("query", "--graph", graph.toString(), "RETURN 1");
            assertEquals(3, r.exit());
            assertEquals("aiprov: error: graph " + graph + " is in use by PID " + ProcessHandle.current().pid()
                    + " (start `aiprov serve` to share it)", r.err().strip());
        }
    }

    @Test
    void aFileGivenAsTheGraphIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("graph.txt"), "not a graph");
        CliRun r = CliRun.of("query", "--graph", file.toString(), "RETURN 1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("is a file, not a directory"), r.err());
        assertEquals("not a graph", Files.readString(file));
    }

    @Test
    void serveStopsOnSigtermWithExitZeroAndRemovesItsFile() throws Exception {
        Path graph = dir.resolve("graph");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daiprov.home=" + dir.resolve("home"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--graph", graph.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            for (int i = 0; i < 3000 && ServeFile.read(graph).isEmpty() && p.isAlive(); i++) Thread.sleep(100);
            assertTrue(ServeFile.live(graph).isPresent(), Files.readString(dir.resolve("serve.log")));
            assertEquals(p.pid(), ServeFile.read(graph).orElseThrow().pid());
            CliRun r = CliRun.of("query", "--graph", graph.toString(), "RETURN 'through serve' AS via");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("through serve"), r.out());
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("serve.log")));
            assertFalse(Files.exists(ServeFile.file(graph)));
        } finally {
            p.destroyForcibly();
        }
    }
}
