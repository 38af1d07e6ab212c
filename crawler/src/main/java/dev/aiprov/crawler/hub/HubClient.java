package dev.aiprov.crawler.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aiprov.crawler.hub.internal.HeaderInterceptor;
import dev.aiprov.crawler.hub.internal.HubJson;
import dev.aiprov.crawler.hub.internal.RedirectInterceptor;
import dev.aiprov.crawler.hub.internal.RetryInterceptor;
import dev.aiprov.graph.Availability;
import dev.aiprov.graph.RepoId;
import dev.aiprov.graph.RepoType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import dev.aiprov.events.SharedHttpClient;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Read-only client of the Hugging Face Hub HTTP API. One instance owns one {@link OkHttpClient}
 * (connection pool and interceptors): share it for a whole crawl and close it at the end. Access
 * errors come back as {@link HubException}s typed by {@link Availability}; only a rejected token
 * ({@link InvalidTokenException}) means "stop".
 */
public final class HubClient implements AutoCloseable {
    /** Page size asked of list endpoints (huggingface.js caps at 500; the server may send fewer). */
    public static final int LIST_PAGE_SIZE = 500;
    /** Page size asked of the commits endpoint (server default 100, maximum 1000). */
    public static final int COMMIT_PAGE_SIZE = 100;
    /** Largest JSON body read, whatever Content-Length says. */
    public static final long MAX_JSON_BYTES = 64L << 20;
    /** Most pages followed in one listing (guards against Link loops). */
    public static final int MAX_PAGES = 10_000;
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?([^\";,]+)\"?");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final HubSettings settings;
    private final HttpUrl endpoint;
    private final OkHttpClient http;
    private final HubStats stats = new HubStats();

    public HubClient(HubSettings settings) {
        this.settings = settings;
        this.endpoint = HttpUrl.parse(settings.endpoint());
        if (endpoint == null) {
            throw new IllegalArgumentException("not an http(s) endpoint: " + settings.endpoint());
        }
        this.http = SharedHttpClient.builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(java.time.Duration.ofSeconds(15))
                .readTimeout(settings.readTimeout())
                .addInterceptor(new RedirectInterceptor())
                .addInterceptor(new HeaderInterceptor(endpoint, settings.token(), settings.userAgent()))
                .addInterceptor(new RetryInterceptor(stats, settings.clock(), settings.log(), settings.jitterSeed()))
                .build();
    }

    /**
     * A client for file contents ({@code /resolve/}): shares this client's pool and interceptors (auth
     * on the endpoint host only, user agent, rate limits, retries) but follows redirects to the CDN,
     * where OkHttp drops the Authorization header.
     */
    public OkHttpClient fileClient() {
        return http.newBuilder().followRedirects(true).followSslRedirects(true).build();
    }

    public HubSettings settings() {
        return settings;
    }

    public HubStats stats() {
        return stats;
    }

    /** {@code GET /api/{type}s/{id}}: repo metadata (follows a rename's relative 307). */
    public RepoInfo repoInfo(RepoType type, String id) {
        HttpUrl url = api(type).addPathSegments(checked(id)).build();
        return getJson(url, body -> HubJson.repoInfo(type, id, body));
    }

    /**
     * A repo's info asked with {@code If-None-Match}: {@code notModified} when the Hub answered
     * {@code 304} (no body, {@code info} and {@code body} null), else the info, the JSON body as sent
     * (to keep, since a later 304 carries none) and the response's {@code ETag} (null when the Hub
     * sent none: the caller then keeps nothing and asks unconditionally next time).
     */
    public record ConditionalInfo(boolean notModified, RepoInfo info, String body, String etag) {
    }

    /**
     * {@code GET /api/{type}s/{id}} with {@code If-None-Match: etag} when {@code etag} is not null
     * (a rename's 307 hop carries it too). A 304 costs a request but no body.
     */
    public ConditionalInfo repoInfo(RepoType type, String id, String etag) {
        HttpUrl url = api(type).addPathSegments(checked(id)).build();
        Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
        if (etag != null && !etag.isBlank()) {
            request.header("If-None-Match", etag);
        }
        try (Response r = http.newCall(request.build()).execute()) {
            if (r.code() == 304 && etag != null) {
                return new ConditionalInfo(true, null, null, etag);
            }
            if (!r.isSuccessful()) {
                throw failure(url, r);
            }
            byte[] bytes = readBounded(r.body(), MAX_JSON_BYTES);
            JsonNode body = JSON.readTree(bytes);
            return new ConditionalInfo(false, HubJson.repoInfo(type, id, body), new String(bytes, StandardCharsets.UTF_8),
                    r.header("ETag"));
        } catch (IOException e) {
            throw transport(url, e);
        }
    }

    /**
     * Whether {@code rev} (a commit sha) still exists in the repo: {@code GET /api/{type}s/{id}/revision/{rev}}.
     * False on 404 ({@code RevisionNotFound}, or the repo gone); other failures throw.
     */
    public boolean revisionExists(RepoType type, String id, String rev) {
        HttpUrl url = api(type).addPathSegments(checked(id)).addPathSegment("revision").addPathSegment(rev).build();
        try (Response r = execute(url)) {
            if (r.isSuccessful()) {
                return true;
            }
            HubException e = failure(url, r);
            if (e.availability() == Availability.MISSING) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw transport(url, e);
        }
    }

    /**
     * Ids of the repos an author owns, or of the models whose tags match a filter (for the model
     * tree: {@code filter=base_model:X}). Follows {@code Link: rel="next"} verbatim to the end or to
     * {@code max} ids.
     */
    public Listing<String> listIds(RepoType type, Map<String, String> query, int max) {
        HttpUrl.Builder b = api(type).addQueryParameter("limit", Integer.toString(LIST_PAGE_SIZE));
        query.forEach(b::addQueryParameter);
        return paginate(b.build(), HubJson::ids, max, MAX_PAGES, items -> false);
    }

    /**
     * What a listing item carries with {@code expand=} (hf-api.md §1): everything the crawl reads
     * from a repo's info, so a listed repo needs no info request of its own.
     */
    public static final Map<RepoType, List<String>> LIST_EXPAND = Map.of(
            RepoType.MODEL, List.of("author", "cardData", "createdAt", "disabled", "downloads", "gated", "lastModified",
                    "library_name", "likes", "pipeline_tag", "private", "sha", "siblings", "tags"),
            RepoType.DATASET, List.of("author", "cardData", "createdAt", "disabled", "downloads", "gated", "lastModified",
                    "likes", "private", "sha", "siblings", "tags"),
            RepoType.SPACE, List.of("author", "cardData", "createdAt", "datasets", "disabled", "lastModified", "likes",
                    "models", "private", "sdk", "sha", "siblings", "tags"));

    /**
     * The repos an author owns (or that match a filter), each item expanded with {@link #LIST_EXPAND}
     * and returned as the Hub sent it (parse with {@code HubJson.repoInfo}). Follows {@code Link:
     * rel="next"} to the end or to {@code max} items.
     */
    public Listing<JsonNode> listRepos(RepoType type, Map<String, String> query, int max) {
        return listRepos(type, query, max, MAX_PAGES, items -> false);
    }

    /**
     * As {@link #listRepos(RepoType, Map, int)}, reading at most {@code maxPages} pages and stopping
     * after the first page on which {@code enough} holds for the items read so far.
     */
    public Listing<JsonNode> listRepos(RepoType type, Map<String, String> query, int max, int maxPages,
                                       java.util.function.Predicate<List<JsonNode>> enough) {
        HttpUrl.Builder b = api(type).addQueryParameter("limit", Integer.toString(LIST_PAGE_SIZE));
        query.forEach(b::addQueryParameter);
        LIST_EXPAND.get(type).forEach(e -> b.addQueryParameter("expand", e));
        return paginate(b.build(), HubClient::items, max, Math.min(maxPages, MAX_PAGES), enough);
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        if (page != null && page.isArray()) {
            page.forEach(item -> {
                if (item.isObject() && item.hasNonNull("id")) out.add(item);
            });
        }
        return out;
    }

    /** Files of {@code rev} ({@code recursive=true&expand=true}), up to {@code max} files. */
    public Listing<TreeEntry> tree(RepoType type, String id, String rev, int max) {
        HttpUrl url = api(type).addPathSegments(checked(id)).addPathSegment("tree").addPathSegment(rev)
                .addQueryParameter("recursive", "true").addQueryParameter("expand", "true").build();
        return paginate(url, HubJson::treeEntries, max, MAX_PAGES, items -> false);
    }

    /** The newest {@code max} commits reachable from {@code rev}. */
    public Listing<CommitInfo> commits(RepoType type, String id, String rev, int max) {
        HttpUrl url = api(type).addPathSegments(checked(id)).addPathSegment("commits").addPathSegment(rev)
                .addQueryParameter("limit", Integer.toString(Math.min(COMMIT_PAGE_SIZE, Math.max(1, max)))).build();
        return paginate(url, HubJson::commits, max, MAX_PAGES, items -> false);
    }

    /**
     * A small JSON file through {@code /{prefix}{id}/resolve/{rev}/{path}}; empty when the file is
     * missing ({@code EntryNotFound}) or not JSON. Gated or private files throw like metadata does.
     */
    public Optional<JsonNode> resolveJson(RepoType type, String id, String rev, String path, long maxBytes) {
        HttpUrl.Builder b = endpoint.newBuilder();
        if (!type.urlPrefix().isEmpty()) {
            b.addPathSegment(type.urlPrefix().replace("/", ""));
        }
        HttpUrl url = b.addPathSegments(checked(id)).addPathSegment("resolve").addPathSegment(rev).addPathSegments(path).build();
        try (Response r = execute(url)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw failure(url, r);
            }
            try {
                return Optional.of(JSON.readTree(new String(readBounded(r.body(), maxBytes), StandardCharsets.UTF_8)));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw transport(url, e);
        }
    }

    private <T> Listing<T> paginate(HttpUrl first, Function<JsonNode, List<T>> parse, int max, int maxPages,
                                    java.util.function.Predicate<List<T>> enough) {
        List<T> items = new ArrayList<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = first;
        int pages = 0;
        while (url != null && seen.add(url) && pages < maxPages) {
            HttpUrl current = url;
            url = null;
            try (Response r = execute(current)) {
                if (!r.isSuccessful()) {
                    throw failure(current, r);
                }
                pages++;
                List<T> page = parse.apply(readJson(r));
                for (T t : page) {
                    if (items.size() >= max) {
                        return new Listing<>(items, pages, true);
                    }
                    items.add(t);
                }
                url = nextLink(current, r.headers("Link"));
                if (url != null && enough.test(items)) {
                    return new Listing<>(items, pages, true);
                }
                if (url != null && !sameOrigin(url)) {
                    url = null;   // a next page elsewhere is not followed
                    return new Listing<>(items, pages, true);
                }
            } catch (IOException e) {
                throw transport(current, e);
            }
        }
        return new Listing<>(items, pages, url != null);
    }

    private <T> T getJson(HttpUrl url, Function<JsonNode, T> parse) {
        try (Response r = execute(url)) {
            if (!r.isSuccessful()) {
                throw failure(url, r);
            }
            return parse.apply(readJson(r));
        } catch (IOException e) {
            throw transport(url, e);
        }
    }

    private Response execute(HttpUrl url) throws IOException {
        return http.newCall(new Request.Builder().url(url).header("Accept", "application/json").build()).execute();
    }

    private JsonNode readJson(Response r) throws IOException {
        return JSON.readTree(readBounded(r.body(), MAX_JSON_BYTES));
    }

    private static byte[] readBounded(ResponseBody body, long max) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > max) {
                throw new IOException("response body larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    /** The {@code rel="next"} target of a {@code Link} header, resolved against the current URL. */
    static HttpUrl nextLink(HttpUrl current, List<String> linkHeaders) {
        for (String header : linkHeaders) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                if ("next".equals(m.group(2).strip())) {
                    return current.resolve(m.group(1).strip());
                }
            }
        }
        return null;
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(endpoint.scheme()) && url.host().equalsIgnoreCase(endpoint.host()) && url.port() == endpoint.port();
    }

    /**
     * {@code id} once it is a {@link RepoId}; otherwise a {@link HubException} and no request, so that
     * {@code ../../etc} can never become {@code GET /etc}.
     */
    private static String checked(String id) {
        try {
            return RepoId.parse(id).value();
        } catch (IllegalArgumentException e) {
            throw new HubException(Availability.ERROR, 0, null, e.getMessage(), null);
        }
    }

    private HttpUrl.Builder api(RepoType type) {
        return endpoint.newBuilder().addPathSegment("api").addPathSegment(type.apiPlural());
    }

    /** Maps an unsuccessful response to a typed failure, as huggingface_hub's hf_raise_for_status does. */
    static HubException failure(HttpUrl url, Response r) {
        int code = r.code();
        String errorCode = r.header("X-Error-Code");
        String message = r.header("X-Error-Message");
        String where = r.request().method() + " " + url.redact() + " -> " + code
                + (errorCode == null ? "" : " " + errorCode) + (message == null ? "" : ": " + clip(message));
        if ("Access to this resource is disabled.".equals(message)) {
            return new HubException(Availability.DISABLED, code, errorCode, where, null);
        }
        if ("GatedRepo".equals(errorCode)) {
            return new HubException(Availability.GATED, code, errorCode, where, null);
        }
        if (code == 401 && message != null && message.startsWith("Invalid credentials in Authorization header")) {
            return new InvalidTokenException(where);
        }
        if ("RepoNotFound".equals(errorCode)) {
            // 401 is what the Hub answers for private repos (and, anonymously, for missing ones)
            return new HubException(code == 404 ? Availability.MISSING : Availability.PRIVATE, code, errorCode, where, null);
        }
        if ("RevisionNotFound".equals(errorCode) || "EntryNotFound".equals(errorCode) || code == 404 || code == 410) {
            return new HubException(Availability.MISSING, code, errorCode, where, null);
        }
        if (code == 401 || code == 403) {
            return new HubException(Availability.PRIVATE, code, errorCode, where, null);
        }
        if (code == 451) {
            return new HubException(Availability.DISABLED, code, errorCode, where, null);
        }
        return new HubException(Availability.ERROR, code, errorCode, where, null);
    }

    private static HubException transport(HttpUrl url, IOException e) {
        return new HubException(Availability.ERROR, 0, null,
                "GET " + url.redact() + " failed: " + e.getClass().getSimpleName() + ": " + clip(String.valueOf(e.getMessage())), e);
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() {
        SharedHttpClient.evictIdle();   // the pool and dispatcher are the process's (SharedHttpClient)
    }
}
