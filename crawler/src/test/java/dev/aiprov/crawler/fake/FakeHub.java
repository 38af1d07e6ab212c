package dev.aiprov.crawler.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.graph.RepoType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * An in-memory Hugging Face Hub serving the real API's shapes: repo info, Link-paginated lists
 * ({@code author=}, {@code filter=base_model:}), paginated trees and commits, resolve, 307 renames,
 * X-Error-Code errors, and injected faults (429 with RateLimit/Retry-After, 503).
 */
public final class FakeHub extends Dispatcher {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> infos = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> trees = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> commits = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> olderTrees = new ConcurrentHashMap<>();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, String> renames = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> errors = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> resolveErrors = new ConcurrentHashMap<>();
    private final Map<String, Deque<MockResponse>> faults = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger shaCounter = new AtomicInteger();
    private volatile int pageSize = 2;

    public FakeHub pageSize(int n) {
        pageSize = n;
        return this;
    }

    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().startsWith(pathPrefix)).count();
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

    /** A model from an hf-samples body (real JSON), e.g. {@code google-bert_bert-base-uncased}. */
    public ObjectNode addSample(String resourceName) {
        try (InputStream in = FakeHub.class.getResourceAsStream("/hub/" + resourceName + ".json")) {
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
        files.put("models/" + id + "/adapter_config.json",
                "{\"base_model_name_or_path\": \"" + base + "\", \"peft_type\": \"LORA\", \"r\": 8, \"target_modules\": [\"q_proj\", \"v_proj\"]}");
    }

    /** Adds a text file to a repo's tree, served under /resolve/ (any revision). */
    public void putFile(RepoType type, String id, String path, String content) {
        tree(type, id).add(file(path, content.getBytes(StandardCharsets.UTF_8).length, null));
        files.put(type.apiPlural() + "/" + id + "/" + path, content);
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
        requests.add(request);
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
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
                return repoApi(type, seg.subList(2, seg.size()), url);
            }
            int r = seg.indexOf("resolve");
            if (r > 0) {
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
                String content = files.get(type.apiPlural() + "/" + id + "/" + String.join("/", seg.subList(r + 2, seg.size())));
                if (content == null) {
                    return errorResponse(404, "EntryNotFound", "Entry not found");
                }
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .setHeader("X-Repo-Commit", seg.get(r + 1)).body(content).build();
            }
            return notFound(null, "Not found");
        } catch (RuntimeException e) {
            return new MockResponse.Builder().code(500).body("fake hub bug: " + e).build();
        }
    }

    private MockResponse repoApi(RepoType type, List<String> rest, HttpUrl url) {
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
            return json(withSiblings(type, id, info), null);
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
