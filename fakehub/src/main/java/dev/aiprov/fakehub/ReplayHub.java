package dev.aiprov.fakehub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A local replay of the Hub's API for demos and offline evaluation: serves a snapshot of repos
 * (info as the Hub returns it, trees, commits and file contents) on 127.0.0.1 with the real
 * endpoints' shapes: {@code /api/{models|datasets|spaces}/{id}}, {@code …/tree/{rev}},
 * {@code …/commits/{rev}}, list filters {@code author=} and {@code filter=base_model:X}, and
 * {@code /{prefix}{id}/resolve/{rev}/{path}} with {@code Range} support and
 * {@code X-Error-Code: GatedRepo} for gated repos. Not a mock used by tests: the crawl it serves
 * is the real job, writing to the real graph.
 */
public final class ReplayHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK server otherwise delays small responses ~40 ms (Nagle), which dominates a local crawl
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicLong bodyBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, JsonNode> repos = new LinkedHashMap<>();   // "models/org/name" -> repo entry

    private ReplayHub(JsonNode snapshot) throws IOException {
        for (JsonNode r : snapshot.path("repos")) {
            repos.put(r.path("type").asText() + "s/" + r.path("info").path("id").asText(), r);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "aiprov-replay-hub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Starts the bundled demo snapshot. */
    public static ReplayHub demo() throws IOException {
        try (InputStream in = ReplayHub.class.getResourceAsStream("demo-hub.json")) {
            if (in == null) throw new IOException("demo-hub.json missing from the jar");
            return new ReplayHub(JSON.readTree(in));
        }
    }

    public static ReplayHub of(JsonNode snapshot) throws IOException {
        return new ReplayHub(snapshot);
    }

    /** {@code http://127.0.0.1:PORT}: use as the Hub endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Response body bytes sent so far (what a client transferred). */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    /** Requests served so far. */
    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
            ex.getResponseHeaders().add("RateLimit", "\"api\";r=499;t=300");
            if (path.startsWith("/api/")) {
                api(ex, path.substring(5), query);
            } else {
                resolve(ex, path.substring(1));
            }
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", "{\"error\":\"replay hub: " + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void api(HttpExchange ex, String rest, Map<String, List<String>> q) throws IOException {
        String type = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        String after = rest.length() > type.length() ? rest.substring(type.length() + 1) : "";
        if (after.isEmpty()) {   // list
            ArrayNode out = JSON.createArrayNode();
            String author = first(q, "author");
            String filter = first(q, "filter");
            for (JsonNode r : repos.values()) {
                if (!(r.path("type").asText() + "s").equals(type)) continue;
                JsonNode info = r.path("info");
                if (author != null && !author.equals(info.path("author").asText())) continue;
                if (filter != null && !contains(info.path("tags"), filter)) continue;
                out.add(info);
            }
            send(ex, 200, "application/json", JSON.writeValueAsString(out));
            return;
        }
        for (String op : new String[]{"/tree/", "/commits/"}) {
            int i = after.indexOf(op);
            if (i > 0) {
                JsonNode r = repos.get(type + "/" + after.substring(0, i));
                if (r == null) {
                    error(ex, 404, "RepoNotFound", "Repository not found");
                    return;
                }
                if (op.equals("/commits/")) {
                    send(ex, 200, "application/json", JSON.writeValueAsString(r.path("commits")));
                } else {
                    ArrayNode tree = JSON.createArrayNode();
                    for (JsonNode f : r.path("files")) {
                        var e = JSON.createObjectNode();
                        e.put("type", "file");
                        e.put("oid", f.path("oid").asText());
                        long size = size(f);
                        e.put("size", size);
                        e.put("path", f.path("path").asText());
                        if (f.path("lfs").asBoolean()) {
                            var lfs = e.putObject("lfs");
                            lfs.put("oid", f.has("sha256") ? f.path("sha256").asText() : sha256(content(f)));
                            lfs.put("size", size);
                            lfs.put("pointerSize", 134);
                        }
                        tree.add(e);
                    }
                    send(ex, 200, "application/json", JSON.writeValueAsString(tree));
                }
                return;
            }
        }
        JsonNode r = repos.get(type + "/" + after);
        if (r == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return;
        }
        send(ex, 200, "application/json", JSON.writeValueAsString(r.path("info")));
    }

    private void resolve(HttpExchange ex, String rest) throws IOException {
        int at = rest.indexOf("/resolve/");
        if (at < 0) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        String id = rest.substring(0, at);
        String type = "models";
        if (id.startsWith("datasets/")) { type = "datasets"; id = id.substring(9); }
        else if (id.startsWith("spaces/")) { type = "spaces"; id = id.substring(7); }
        String tail = rest.substring(at + 9);
        String rev = tail.substring(0, tail.indexOf('/'));
        String file = tail.substring(rev.length() + 1);
        JsonNode r = repos.get(type + "/" + id);
        if (r == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return;
        }
        if (!"false".equals(r.path("info").path("gated").asText("false"))) {
            error(ex, 401, "GatedRepo", "Access to model " + id + " is restricted.");
            return;
        }
        for (JsonNode f : r.path("files")) {
            if (!f.path("path").asText().equals(file)) continue;
            long total = size(f);
            ex.getResponseHeaders().add("X-Repo-Commit", r.path("info").path("sha").asText());
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null && range.startsWith("bytes=")) {
                String[] se = range.substring(6).split("-", 2);
                long start = Long.parseLong(se[0]);
                long end = se[1].isEmpty() ? total - 1 : Math.min(Long.parseLong(se[1]), total - 1);
                if (start >= total) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + total);
                    send(ex, 416, "text/plain", "");
                    return;
                }
                if (end - start + 1 > (64L << 20)) end = start + (64L << 20) - 1;   // one response at most 64 MiB
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + end + "/" + total);
                sendBytes(ex, 206, slice(f, start, (int) (end - start + 1)));
            } else {
                if (total > (64L << 20)) {
                    error(ex, 416, "RangeRequired", "replay serves large files by range only");
                    return;
                }
                sendBytes(ex, 200, slice(f, 0, (int) total));
            }
            return;
        }
        error(ex, 404, "EntryNotFound", "Entry not found");
    }

    /** Size of a file entry: inline text/base64, or a local file ({@code localFile}, used by benchmarks). */
    private static long size(JsonNode f) {
        if (f.has("localFile")) {
            try {
                return java.nio.file.Files.size(java.nio.file.Path.of(f.path("localFile").asText()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return content(f).length;
    }

    private static byte[] slice(JsonNode f, long start, int len) {
        if (f.has("localFile")) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                    java.nio.file.Path.of(f.path("localFile").asText()))) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len);
                while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                    // fill
                }
                return b.array();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return java.util.Arrays.copyOfRange(content(f), (int) start, (int) start + len);
    }

    private static byte[] content(JsonNode f) {
        if (f.has("base64")) return Base64.getDecoder().decode(f.path("base64").asText());
        return f.path("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(JsonNode arr, String v) {
        for (JsonNode t : arr) if (t.asText().equals(v)) return true;
        return false;
    }

    private static String first(Map<String, List<String>> q, String k) {
        List<String> v = q.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private void error(HttpExchange ex, int code, String errorCode, String message) throws IOException {
        ex.getResponseHeaders().add("X-Error-Code", errorCode);
        ex.getResponseHeaders().add("X-Error-Message", message);
        send(ex, code, "application/json", "{\"error\":\"" + message + "\"}");
    }

    private void send(HttpExchange ex, int code, String type, String body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        sendBytes(ex, code, body.getBytes(StandardCharsets.UTF_8));
    }

    private void sendBytes(HttpExchange ex, int code, byte[] body) throws IOException {
        bodyBytes.addAndGet(body.length);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String sha256(byte[] d) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
