package dev.aiprov.cli.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aiprov.graph.Graph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only web page over a graph: lineage pictures, exposure, findings, alerts and inventory
 * tables, and {@code /api/…} JSON identical to the CLI's {@code --format json}. Built on the JDK's
 * {@code com.sun.net.httpserver}.
 *
 * <p>Every request needs the token: {@code ?token=…} once (the URL {@link #url()} returns), which is
 * turned into a {@code SameSite=Strict; HttpOnly} cookie and a redirect to the clean URL; without it
 * 401, with a wrong one 403. The Host header must name the bound address (DNS rebinding), and only
 * GET and HEAD are served. The caller owns the graph; closing the server does not close it.
 */
public final class WebServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Access access;
    private final String token;

    private WebServer(HttpServer server, ExecutorService executor, Access access, String token) {
        this.server = server;
        this.executor = executor;
        this.access = access;
        this.token = token;
    }

    /**
     * Starts serving {@code graph} on {@code bindHost:port} (port 0: a free port). {@code token} is
     * the secret every request must carry: at least 16 characters of {@code [A-Za-z0-9_-]}.
     *
     * @throws IllegalArgumentException for a bad token or an unresolvable host
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static WebServer start(Graph graph, String bindHost, int port, String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{16,256}")) {
            throw new IllegalArgumentException("the web token must be 16 or more characters of A-Z a-z 0-9 _ -");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        InetAddress address;
        try {
            address = InetAddress.getByName(bindHost == null ? "127.0.0.1" : bindHost);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve bind address " + bindHost + ": " + e.getMessage());
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "aiprov-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int bound = server.getAddress().getPort();
        Access access = new Access(token, address, bound);
        Routes routes = new Routes(new Api(graph), new StaticFiles());
        server.createContext("/", exchange -> handle(exchange, access, routes));
        server.setExecutor(executor);
        server.start();
        return new WebServer(server, executor, access, token);
    }

    /** The address to open, token included: {@code http://127.0.0.1:PORT/?token=…}. */
    public URI url() {
        return URI.create("http://" + access.authority() + "/?token=" + token);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange ex, Access access, Routes routes) throws IOException {
        try (ex) {
            Headers.secure(ex);
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, Response.text(405, "405 method not allowed: this server is read-only\n"));
                return;
            }
            Response denied = access.check(ex);
            if (denied != null) {
                send(ex, denied);
                return;
            }
            send(ex, routes.answer(ex.getRequestURI()));
        } catch (RuntimeException e) {
            // a bug, never a stack trace to the browser
            try {
                send(ex, Response.text(500, "500 internal error: " + e.getClass().getSimpleName() + "\n"));
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way
            }
        }
    }

    static void send(HttpExchange ex, Response r) throws IOException {
        for (Map.Entry<String, String> h : r.headers().entrySet()) ex.getResponseHeaders().set(h.getKey(), h.getValue());
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        byte[] body = r.body();
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** One answer: status, content type, body and extra headers. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Response json(int status, String json) {
            return new Response(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Response redirect(String location, Map<String, String> headers) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put("Location", location);
            return new Response(303, "text/plain; charset=utf-8", new byte[0], h);
        }
    }

    /** Headers every response carries. */
    static final class Headers {
        static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

        private Headers() {
        }

        static void secure(HttpExchange ex) {
            var h = ex.getResponseHeaders();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Cross-Origin-Resource-Policy", "same-origin");
        }
    }
}
