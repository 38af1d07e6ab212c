package dev.aiprov.fakehub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.graph.RepoType;
import dev.aiprov.scanner.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import javax.net.ServerSocketFactory;
import java.net.ServerSocket;
import java.net.Socket;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The one fake Hugging Face Hub (tests, benchmarks and {@code aiprov demo}), serving the real API's
 * shapes (shared/hf-api.md, shared/hf-samples): repo info, Link-paginated lists ({@code author=},
 * {@code filter=base_model:}, {@code expand=}), paginated trees and commits, {@code /revision/},
 * 307 renames, X-Error-Code errors, injected faults (429 with RateLimit/Retry-After, 503), and
 * {@code /resolve/}: LFS files answer {@code 302} with {@code X-Linked-Size}, {@code X-Linked-Etag}
 * and {@code X-Repo-Commit} to a CDN path that honours {@code Range} (206, {@code Content-Range},
 * 416); git files are served directly, with ranges too; gated repos answer 401 {@code GatedRepo}.
 *
 * <p>Fed by hand ({@link #add}, {@link #putFile}, {@link #put}), by recorded responses
 * ({@link #recorded}, {@link #demo}) or by a generated Hub ({@link #addLineageTree}). Counts the
 * requests and body bytes it serves. A test sets it as a {@link MockWebServer}'s dispatcher;
 * {@link #start} runs it on its own server on 127.0.0.1.
 */
public final class FakeHub extends Dispatcher implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** One response carries at most this much of a file (the CDN's ranges are served in parts). */
    private static final int MAX_BODY = 64 << 20;

    /** A served file: its size, its bytes by range (so multi-GiB files cost no memory), LFS or git, its sha256. */
    public record Content(long size, Reader reader, boolean lfs, String sha256) {
        public static Content of(byte[] data, boolean lfs) {
            return new Content(data.length, (start, len) -> Arrays.copyOfRange(data, (int) start, (int) start + len), lfs, FakeHub.sha256(data));
        }
    }

    /** Reads {@code length} bytes at {@code offset} of a served file. */
    @FunctionalInterface
    public interface Reader {
        byte[] read(long offset, int length);
    }

    private final Map<String, ObjectNode> infos = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> trees = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> commits = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> olderTrees = new ConcurrentHashMap<>();
    private final Map<String, Content> files = new ConcurrentHashMap<>();          // type/id/path, any revision
    private final Map<String, Content> resolveFiles = new ConcurrentHashMap<>();   // exact /…/resolve/rev/path
    private final Map<String, String> renames = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> errors = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> resolveErrors = new ConcurrentHashMap<>();
    private final Map<String, Deque<MockResponse>> faults = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicInteger shaCounter = new AtomicInteger();
    private volatile int pageSize = 2;
    private volatile boolean ignoreRange;
    private volatile boolean keepRequests = true;
    private MockWebServer server;

    public FakeHub pageSize(int n) {
        pageSize = n;
        return this;
    }

    /** Whether to keep every request for {@link #requests()} and {@link #log()} (off for long benchmarks: they are only counted). */
    public FakeHub keepRequests(boolean keep) {
        keepRequests = keep;
        return this;
    }

    /** Serve whole files even when asked for a range (as some servers do). */
    public void ignoreRange(boolean v) {
        ignoreRange = v;
    }

    /**
     * Server sockets whose connections send at once (TCP_NODELAY): MockWebServer writes a response's
     * headers and body separately, and with Nagle's algorithm the body then waits for the client's
     * delayed ACK (about 40 ms a request on Linux loopback), which made crawl benchmarks time the
     * wait instead of the crawler.
     */
    private static final ServerSocketFactory NO_DELAY = new ServerSocketFactory() {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    };

    /** Starts this Hub on its own server on 127.0.0.1; returns its endpoint {@code http://127.0.0.1:PORT}. */
    public synchronized String start() throws IOException {
        if (server == null) {
            MockWebServer s = new MockWebServer();
            s.setServerSocketFactory(NO_DELAY);
            s.setDispatcher(this);
            s.start(InetAddress.getLoopbackAddress(), 0);
            server = s;
        }
        return "http://127.0.0.1:" + server.getPort();
    }

    /**
     * Stops the server {@link #start} started, if any. Also called by any MockWebServer this Hub
     * dispatches for when that server closes (a Dispatcher is Closeable), so it clears the field first.
     */
    @Override
    public void close() {
        MockWebServer s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s != null) {
            s.close();
        }
    }

    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** Every request as {@code METHOD path [range]}, in order. */
    public List<String> log() {
        return log;
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().startsWith(pathPrefix)).count();
    }

    /** Requests served since this Hub was made (kept or not, faults and redirects included). */
    public long requestCount() {
        return served.get();
    }

    /** Response body bytes served for file contents since this Hub was made. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** A repo with a fresh sha, two files and two commits; returns its info for further edits. */
    public ObjectNode add(RepoType type, String id) {
        String sha = sha(id);
        ObjectNode n = JSON.createObjectNode();
        n.put("_id", String.format("%024x", Math.abs((long) id.hashCode())));
        n.put("id", id);
        n.put("private", false);
        n.putArray("tags");
        n.put("downloads", 10);
        n.put("likes", 1);
        n.put("author", id.contains("/") ? id.substring(0, id.indexOf('/')) : null);
        n.put("sha", sha);
        n.put("lastModified", "2024-02-19T11:06:12.000Z");
        n.put("createdAt", "2022-03-02T23:29:04.000Z");
        n.put("gated", false);
        n.put("disabled", false);
        n.putObject("cardData");
        if (type == RepoType.SPACE) {
            n.put("sdk", "gradio");
        }
        infos.put(key(type, id), n);
        List<ObjectNode> tree = new ArrayList<>();
        tree.add(file("README.md", 1200, null));
        tree.add(file(type == RepoType.DATASET ? "data/train.parquet" : "model.safetensors", 77691713,
                "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21"));
        trees.put(key(type, id), tree);
        List<ObjectNode> history = new ArrayList<>();
        history.add(commit(sha, "2024-02-19T10:57:45.000Z", "Update README.md"));
        history.add(commit(sha(id + "~1"), "2023-01-01T00:00:00.000Z", "initial commit"));
        commits.put(key(type, id), history);
        return n;
    }

    /**
     * The demo's Hub ({@code aiprov demo}): google-bert/bert-base-uncased and
     * sentence-transformers/paraphrase-albert-small-v2 as the Hub returned them, demo-org/* synthetic
     * in the same shapes (written by scripts/make-demo-hub.py).
     */
    public static FakeHub demo() {
        try (InputStream in = FakeHub.class.getResourceAsStream("demo-hub.json")) {
            if (in == null) {
                throw new IllegalStateException("demo-hub.json missing from the fakehub jar");
            }
            return recorded(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Hub serving recorded responses: {@code {"repos": [{"type": "model|dataset|space", "info": {as
     * GET /api/{type}s/{id} returned it}, "files": [{"path", "oid", "lfs", "sha256"?, and "text",
     * "base64" or "localFile"}], "commits": [as GET …/commits returned them]}]}}. Gated repos
     * ({@code info.gated} not false) answer 401 GatedRepo under /resolve/.
     */
    public static FakeHub recorded(JsonNode snapshot) {
        FakeHub hub = new FakeHub().pageSize(1000);
        for (JsonNode r : snapshot.path("repos")) {
            RepoType type = RepoType.valueOf(r.path("type").asText().toUpperCase(Locale.ROOT));
            ObjectNode info = (ObjectNode) r.path("info");
            String id = info.path("id").asText();
            hub.infos.put(key(type, id), info);
            List<ObjectNode> tree = new ArrayList<>();
            for (JsonNode f : r.path("files")) {
                String path = f.path("path").asText();
                Content c = recordedContent(f);
                ObjectNode e = JSON.createObjectNode();
                e.put("type", "file");
                e.put("oid", f.path("oid").asText());
                e.put("size", c.size());
                e.put("path", path);
                if (c.lfs()) {
                    e.putObject("lfs").put("oid", c.sha256()).put("size", c.size()).put("pointerSize", 134);
                }
                tree.add(e);
                hub.files.put(type.apiPlural() + "/" + id + "/" + path, c);
            }
            hub.trees.put(key(type, id), tree);
            List<ObjectNode> history = new ArrayList<>();
            r.path("commits").forEach(c -> history.add((ObjectNode) c));
            hub.commits.put(key(type, id), history);
            if (!"false".equals(info.path("gated").asText("false"))) {
                hub.resolveError(type, id, 401, "GatedRepo", "Access to " + type.key() + " " + id + " is restricted.");
            }
        }
        return hub;
    }

    private static Content recordedContent(JsonNode f) {
        boolean lfs = f.path("lfs").asBoolean();
        if (f.has("localFile")) {
            Path file = Path.of(f.path("localFile").asText());
            try {
                return new Content(Files.size(file), (start, len) -> readAt(file, start, len), lfs, f.path("sha256").asText(null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        byte[] data = f.has("base64") ? Base64.getDecoder().decode(f.path("base64").asText())
                : f.path("text").asText().getBytes(StandardCharsets.UTF_8);
        Content c = Content.of(data, lfs);
        return f.has("sha256") ? new Content(c.size(), c.reader(), lfs, f.path("sha256").asText()) : c;
    }

    private static byte[] readAt(Path file, long start, int len) {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                // fill
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A generated Hub: {@code author}'s models {@code author/m0 … m(n-1)} forming a binary lineage tree
     * (model i is a finetune of model (i-1)/2, as its card and tags say), each with a README, a config
     * and a 500 MB LFS checkpoint, and two commits. Lists of them page by {@link #pageSize}.
     */
    public FakeHub addLineageTree(String author, int n) {
        for (int i = 0; i < n; i++) {
            String id = author + "/m" + i;
            String sha = String.format("%040x", 1_000_000L + i);
            ObjectNode info = JSON.createObjectNode();
            info.put("_id", String.format("%024x", i));
            info.put("id", id);
            info.put("author", author);
            info.put("sha", sha);
            info.put("private", false);
            info.put("gated", false);
            info.put("disabled", false);
            info.put("downloads", i);
            info.put("likes", 1);
            info.put("lastModified", "2024-02-19T11:06:12.000Z");
            info.put("createdAt", "2022-03-02T23:29:04.000Z");
            List<ObjectNode> tree = new ArrayList<>(List.of(file("README.md", 900, null), file("config.json", 600, null),
                    file("model.safetensors", 500_000_000L + i, String.format("%064x", i))));
            ArrayNode siblings = info.putArray("siblings");
            tree.forEach(f -> siblings.addObject().put("rfilename", f.path("path").asText()));
            if (i > 0) {
                String base = author + "/m" + (i - 1) / 2;
                info.putObject("cardData").put("base_model", base).put("license", "apache-2.0");
                info.putArray("tags").add("transformers").add("base_model:finetune:" + base);
            }
            infos.put(key(RepoType.MODEL, id), info);
            trees.put(key(RepoType.MODEL, id), tree);
            commits.put(key(RepoType.MODEL, id), new ArrayList<>(List.of(commit(sha, "2024-02-19T10:57:45.000Z", "Upload model"),
                    commit(String.format("%040x", 2_000_000L + i), "2023-01-01T00:00:00.000Z", "initial commit"))));
        }
        return this;
    }

    /** A model from an hf-samples body (real JSON), e.g. {@code google-bert_bert-base-uncased}. */
    public ObjectNode addSample(String resourceName) {
        try (InputStream in = FakeHub.class.getResourceAsStream("samples/" + resourceName + ".json")) {
            ObjectNode body = (ObjectNode) JSON.readTree(in);
            String id = body.get("id").asText();
            add(RepoType.MODEL, id);
            infos.put(key(RepoType.MODEL, id), body);
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode info(RepoType type, String id) {
        return infos.get(key(type, id));
    }

    public List<ObjectNode> tree(RepoType type, String id) {
        return trees.get(key(type, id));
    }

    /** The tree of an older revision {@code sha} (served by {@code /tree/{sha}}); {@link #tree} is the head's. */
    public List<ObjectNode> treeAt(RepoType type, String id, String sha) {
        return olderTrees.computeIfAbsent(key(type, id) + "@" + sha, k -> new CopyOnWriteArrayList<>());
    }

    public List<ObjectNode> commits(RepoType type, String id) {
        return commits.get(key(type, id));
    }

    /** A new commit: changes the sha (so a re-crawl sees the repo as changed). */
    public void bump(RepoType type, String id) {
        String sha = sha(id + "#" + shaCounter.incrementAndGet());
        info(type, id).put("sha", sha);
        commits(type, id).add(0, commit(sha, "2025-01-01T00:00:00.000Z", "bump"));
    }

    /** Adds an {@code adapter_config.json} (PEFT) naming {@code base} to a model. */
    public void addAdapterConfig(String id, String base) {
        tree(RepoType.MODEL, id).add(file("adapter_config.json", 600, null));
        files.put("models/" + id + "/adapter_config.json", Content.of(("{\"base_model_name_or_path\": \"" + base
                + "\", \"peft_type\": \"LORA\", \"r\": 8, \"target_modules\": [\"q_proj\", \"v_proj\"]}").getBytes(StandardCharsets.UTF_8), false));
    }

    /** Adds a text file to a repo's tree, served under /resolve/ (any revision). */
    public void putFile(RepoType type, String id, String path, String content) {
        tree(type, id).add(file(path, content.getBytes(StandardCharsets.UTF_8).length, null));
        files.put(type.apiPlural() + "/" + id + "/" + path, Content.of(content.getBytes(StandardCharsets.UTF_8), false));
    }

    /** Serves {@code data} at exactly {@code resolvePath} ({@code /{prefix}{id}/resolve/{rev}/{path}}); LFS files redirect to the CDN. */
    public void put(String resolvePath, byte[] data, boolean lfs) {
        resolveFiles.put(resolvePath, Content.of(data, lfs));
    }

    /** A large LFS file at exactly {@code resolvePath}, whose bytes come from {@code reader} (called per request). */
    public void putLarge(String resolvePath, long size, Reader reader, String sha256) {
        resolveFiles.put(resolvePath, new Content(size, reader, true, sha256));
    }

    /** Rewrites history: a new head, and {@code sha} no longer among the commits. */
    public void dropCommit(RepoType type, String id, String sha) {
        bump(type, id);
        commits(type, id).removeIf(c -> c.path("id").asText().equals(sha));
    }

    public void rename(RepoType type, String oldId, String newId) {
        renames.put(key(type, oldId), newId);
    }

    /** Every request about this repo's metadata answers with this error. */
    public void error(RepoType type, String id, int code, String errorCode, String message) {
        errors.put(key(type, id), errorResponse(code, errorCode, message));
    }

    /** Files under /resolve/ of this repo answer with this error (gated repos: 401 GatedRepo). */
    public void resolveError(RepoType type, String id, int code, String errorCode, String message) {
        resolveErrors.put(key(type, id), errorResponse(code, errorCode, message));
    }

    /** The next requests whose path starts with {@code pathPrefix} get these responses first. */
    public void fault(String pathPrefix, MockResponse... responses) {
        faults.computeIfAbsent(pathPrefix, k -> new ArrayDeque<>()).addAll(List.of(responses));
    }

    public static MockResponse tooManyRequests(String rateLimit, String retryAfter) {
        MockResponse.Builder b = new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"You have exceeded our hourly quotas\"}");
        if (rateLimit != null) {
            b.setHeader("RateLimit", rateLimit).setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
        }
        if (retryAfter != null) {
            b.setHeader("Retry-After", retryAfter);
        }
        return b.build();
    }

    public static MockResponse unavailable() {
        return new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build();
    }

    public static MockResponse errorResponseForTest(int code, String errorCode, String message) {
        return errorResponse(code, errorCode, message);
    }

    static MockResponse errorResponse(int code, String errorCode, String message) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"" + (message == null ? "error" : message.replace("\"", "'")) + "\"}");
        if (errorCode != null) {
            b.setHeader("X-Error-Code", errorCode);
        }
        if (message != null) {
            b.setHeader("X-Error-Message", message);
        }
        return b.build();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        served.incrementAndGet();
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String range = request.getHeaders().get("Range");
        if (keepRequests) {
            requests.add(request);
            log.add(request.getMethod() + " " + path + (range == null ? "" : " " + range));
        }
        for (Map.Entry<String, Deque<MockResponse>> f : faults.entrySet()) {
            if (path.startsWith(f.getKey())) {
                MockResponse r;
                synchronized (f.getValue()) {
                    r = f.getValue().poll();
                }
                if (r != null) {
                    return r;
                }
            }
        }
        List<String> seg = url.pathSegments();
        try {
            if (seg.size() >= 2 && seg.get(0).equals("api")) {
                RepoType type = typeOf(seg.get(1));
                if (type == null) {
                    return notFound(null, "Not found");
                }
                if (seg.size() == 2) {
                    return list(type, url);
                }
                return repoApi(type, seg.subList(2, seg.size()), url, request.getHeaders().get("If-None-Match"));
            }
            if (path.startsWith("/cdn/")) {
                Content c = resolveFiles.get(path.substring(4));
                return c == null ? notFound(null, "Not found") : serve(c, range, null);
            }
            int r = seg.indexOf("resolve");
            if (r > 0 && r + 2 < seg.size()) {
                return resolve(request, seg, r, range);
            }
            return notFound(null, "Not found");
        } catch (RuntimeException e) {
            return new MockResponse.Builder().code(500).body("fake hub bug: " + e).build();
        }
    }

    private MockResponse resolve(RecordedRequest request, List<String> seg, int r, String range) {
        RepoType type = RepoType.MODEL;
        List<String> idSeg = seg.subList(0, r);
        if (seg.get(0).equals("datasets") || seg.get(0).equals("spaces")) {
            type = typeOf(seg.get(0));
            idSeg = seg.subList(1, r);
        }
        String id = String.join("/", idSeg);
        MockResponse err = resolveErrors.get(key(type, id));
        if (err != null) {
            return err;
        }
        String rev = seg.get(r + 1);
        ObjectNode info = infos.get(key(type, id));
        String commit = rev.equals("main") && info != null ? info.path("sha").asText() : rev;
        String path = request.getUrl().encodedPath();
        Content c = resolveFiles.get(path);
        if (c == null) {
            c = files.get(type.apiPlural() + "/" + id + "/" + String.join("/", seg.subList(r + 2, seg.size())));
            if (c != null && c.lfs()) {
                resolveFiles.putIfAbsent(path, c);   // the CDN serves it under the same path
            }
        }
        if (c == null) {
            return errorResponse(404, "EntryNotFound", "Entry not found");
        }
        if (c.lfs()) {
            return new MockResponse.Builder().code(302)
                    .setHeader("Location", "/cdn" + path + "?Expires=1893456000&Signature=abc")
                    .setHeader("X-Linked-Size", Long.toString(c.size()))
                    .setHeader("X-Linked-Etag", "\"" + c.sha256() + "\"")
                    .setHeader("X-Repo-Commit", commit)
                    .setHeader("Accept-Ranges", "bytes")
                    .setHeader("RateLimit", "\"resolvers\";r=2999;t=51")
                    .setHeader("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=3000;w=300")
                    .body("").build();
        }
        return serve(c, range, commit);
    }

    /** A file's bytes: 200 whole, or 206 for {@code Range: bytes=S-[E]} (at most {@link #MAX_BODY} per response), 416 past the end. */
    private MockResponse serve(Content c, String range, String commit) {
        MockResponse.Builder b = new MockResponse.Builder().setHeader("Accept-Ranges", "bytes");
        if (commit != null) {
            b.setHeader("X-Repo-Commit", commit);
        }
        if (range == null || ignoreRange || !range.startsWith("bytes=")) {
            if (c.size() > MAX_BODY) {
                return errorResponse(416, "RangeRequired", "the fake Hub serves files over 64 MiB by range only");
            }
            byte[] all = c.reader().read(0, (int) c.size());
            bodyBytes.addAndGet(all.length);
            return b.code(200).body(new Buffer().write(all)).build();
        }
        String[] se = range.substring(6).split("-", 2);
        long start = Long.parseLong(se[0]);
        long end = se.length > 1 && !se[1].isEmpty() ? Math.min(Long.parseLong(se[1]), c.size() - 1) : c.size() - 1;
        if (start >= c.size()) {
            return b.code(416).setHeader("Content-Range", "bytes */" + c.size()).build();
        }
        end = Math.min(end, start + MAX_BODY - 1);
        byte[] part = c.reader().read(start, (int) (end - start + 1));
        bodyBytes.addAndGet(part.length);
        return b.code(206).setHeader("Content-Range", "bytes " + start + "-" + end + "/" + c.size())
                .body(new Buffer().write(part)).build();
    }

    private MockResponse repoApi(RepoType type, List<String> rest, HttpUrl url, String ifNoneMatch) {
        int op = -1;
        for (int i = 1; i <= 2 && i < rest.size(); i++) {
            if (rest.get(i).equals("tree") || rest.get(i).equals("commits") || rest.get(i).equals("revision")) {
                op = i;
                break;
            }
        }
        String id = String.join("/", op < 0 ? rest : rest.subList(0, op));
        String renamed = renames.get(key(type, id));
        if (renamed != null) {
            String tail = op < 0 ? "" : "/" + String.join("/", rest.subList(op, rest.size()));
            String query = url.encodedQuery() == null ? "" : "?" + url.encodedQuery();
            return new MockResponse.Builder().code(307).setHeader("Content-Type", "text/plain; charset=utf-8")
                    .setHeader("Location", "/api/" + type.apiPlural() + "/" + renamed + tail + query)
                    .body("Temporary Redirect. Redirecting to /api/" + type.apiPlural() + "/" + renamed + tail).build();
        }
        MockResponse err = errors.get(key(type, id));
        if (err != null) {
            return err;
        }
        ObjectNode info = infos.get(key(type, id));
        if (info == null) {
            return notFound("RepoNotFound", "Repository not found");
        }
        if (op < 0) {
            // info answers carry a weak ETag of their body and answer 304 (no body) to a matching
            // If-None-Match, so any change (a new sha, a new gate) is a new ETag
            JsonNode body = withSiblings(type, id, info);
            String etag = String.format("W/\"%08x-%x\"", body.toString().hashCode(), body.toString().length());
            if (etag.equals(ifNoneMatch)) {
                return new MockResponse.Builder().code(304).setHeader("ETag", etag).build();
            }
            return json(body, null).newBuilder().setHeader("ETag", etag).build();
        }
        String rev = rest.get(op + 1);
        if (rest.get(op).equals("revision")) {
            boolean known = rev.equals("main") || commits.get(key(type, id)).stream().anyMatch(c -> c.path("id").asText().equals(rev));
            return known ? json(info, null) : notFound("RevisionNotFound", "Invalid rev id: " + rev);
        }
        List<ObjectNode> older = olderTrees.get(key(type, id) + "@" + rev);
        if (older != null && rest.get(op).equals("tree")) {
            return page(older, url, pageSize);
        }
        if (!rev.equals(info.path("sha").asText()) && !rev.equals("main")) {
            return notFound("RevisionNotFound", "Invalid rev id: " + rev);
        }
        List<ObjectNode> items = rest.get(op).equals("tree") ? trees.get(key(type, id)) : commits.get(key(type, id));
        return page(items, url, rest.get(op).equals("commits") ? Integer.parseInt(
                url.queryParameter("limit") == null ? "100" : url.queryParameter("limit")) : pageSize);
    }

    private MockResponse list(RepoType type, HttpUrl url) {
        String author = url.queryParameter("author");
        String filter = url.queryParameter("filter");
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : new LinkedHashMap<>(infos).entrySet()) {
            if (!e.getKey().startsWith(type.apiPlural() + "/")) {
                continue;
            }
            ObjectNode info = e.getValue();
            // a repo whose metadata answers an error (deleted, private, moved) is not listed, as on the Hub
            boolean match = !errors.containsKey(e.getKey()) && !renames.containsKey(e.getKey());
            if (author != null) {
                match &= author.equals(info.path("author").asText());
            }
            if (filter != null) {
                boolean tagged = false;
                for (JsonNode t : info.path("tags")) {
                    tagged |= t.asText().equals(filter);
                }
                match &= tagged;
            }
            if (match) {
                items.add(listItem(type, info, url.queryParameterValues("expand")));
            }
        }
        items.sort((a, b) -> a.get("id").asText().compareTo(b.get("id").asText()));
        return page(items, url, pageSize);
    }

    /**
     * A list item as the Hub sends it: without {@code expand}, a few default fields; with it, only
     * {@code _id}, {@code id} and the expanded keys the repo has (siblings as {@code [{rfilename}]}).
     */
    private ObjectNode listItem(RepoType type, ObjectNode info, List<String> expand) {
        String id = info.path("id").asText();
        ObjectNode item = JSON.createObjectNode();
        item.put("_id", info.path("_id").asText());
        item.put("id", id);
        if (expand.isEmpty()) {
            item.put("likes", info.path("likes").asLong());
            item.put("private", false);
            item.set("tags", info.path("tags"));
            return item;
        }
        ObjectNode full = withSiblings(type, id, info);
        for (String key : expand) {
            if (key != null && full.has(key)) {
                item.set(key, full.get(key));
            }
        }
        return item;
    }

    /** The info body with {@code siblings} (the head's file names) as the real info has them. */
    private ObjectNode withSiblings(RepoType type, String id, ObjectNode info) {
        if (info.has("siblings")) {
            return info;
        }
        ObjectNode copy = info.deepCopy();
        ArrayNode siblings = copy.putArray("siblings");
        for (ObjectNode f : trees.getOrDefault(key(type, id), List.of())) {
            siblings.addObject().put("rfilename", f.path("path").asText());
        }
        return copy;
    }

    /** One page from {@code cursor} (base64 offset), with {@code Link: <...>; rel="next"} when more remain. */
    private MockResponse page(List<ObjectNode> items, HttpUrl url, int size) {
        String cursor = url.queryParameter("cursor");
        int from = cursor == null ? 0 : Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
        int to = Math.min(items.size(), from + Math.max(1, size));
        ArrayNode arr = JSON.createArrayNode();
        items.subList(Math.min(from, items.size()), to).forEach(arr::add);
        String link = null;
        if (to < items.size()) {
            HttpUrl next = url.newBuilder().setQueryParameter("cursor",
                    Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8))).build();
            link = "<" + next + ">; rel=\"next\"";
        }
        return json(arr, link);
    }

    private static MockResponse json(JsonNode body, String link) {
        MockResponse.Builder b = new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("RateLimit", "\"api\";r=499;t=300")
                .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300")
                .body(body.toString());
        if (link != null) {
            b.setHeader("Link", link);
        }
        return b.build();
    }

    private static MockResponse notFound(String errorCode, String message) {
        return errorResponse(404, errorCode, message);
    }

    public static ObjectNode file(String path, long size, String sha256) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "file");
        f.put("oid", sha(path + size));
        f.put("size", size);
        f.put("path", path);
        if (sha256 != null) {
            ObjectNode lfs = f.putObject("lfs");
            lfs.put("oid", sha256);
            lfs.put("size", size);
            lfs.put("pointerSize", 133);
            f.put("xetHash", "518970a29bedb265f23ac48d486ddbc63bedffd90967b10140ae5ac61243acf3");
        }
        ObjectNode sec = f.putObject("securityFileStatus");
        sec.put("status", "safe");
        sec.putObject("avScan").put("virusFound", false).putNull("virusNames");
        ObjectNode lc = f.putObject("lastCommit");
        lc.put("id", sha(path));
        lc.put("title", "Upload " + path);
        lc.put("date", "2024-02-19T10:57:45.000Z");
        return f;
    }

    private static ObjectNode commit(String sha, String date, String title) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", sha);
        c.put("title", title);
        c.put("message", "");
        c.putArray("authors").addObject().put("user", "lysandre").put("avatar", "https://example.invalid/a.png");
        c.put("date", date);
        return c;
    }

    public static String sha256(byte[] data) {
        return Sha256.hex(data);
    }

    static String sha(String s) {
        return String.format("%040x", new java.math.BigInteger(1, s.getBytes(StandardCharsets.UTF_8)).mod(java.math.BigInteger.TWO.pow(160)));
    }

    private static RepoType typeOf(String plural) {
        for (RepoType t : RepoType.values()) {
            if (t.apiPlural().equals(plural) || t.urlPrefix().equals(plural + "/")) {
                return t;
            }
        }
        return null;
    }

    private static String key(RepoType type, String id) {
        return type.apiPlural() + "/" + id;
    }
}
