package dev.aiprov.crawler.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSink;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crawl throughput against a synthetic Hub on localhost (JDK HTTP server, no network): an author
 * with {@link #REPOS} models forming a binary lineage tree (model i derives from model (i-1)/2),
 * three files and two commits each, lists paginated by {@code Link} and expanded with {@code expand=}
 * as the real Hub does; info answers carry an {@code ETag} and answer 304 to a matching
 * {@code If-None-Match}. Prints HTTP requests per crawled repo (listing pages included) and repos/s
 * for a first crawl and a re-crawl (unchanged shas): full (with the tree and commits a scan step
 * needs), {@code --no-scan}, and {@code --no-scan} from {@link #BY_ID} models seeded by id (an
 * inventory) with their lineage.
 */
public final class CrawlBenchmark {
    public static final int REPOS = 2_000;
    public static final int LIST_PAGE = 500;
    /** Models seeded by id in the by-id rows: every 20th. */
    public static final int BY_ID = 100;

    private CrawlBenchmark() {
    }

    public static void run(PrintStream out, Path workDir, Graph graph) {
        // the JDK server writes headers and body separately: without TCP_NODELAY each exchange waits
        // for the client's delayed ACK (~40 ms), which would measure the kernel, not the crawler
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong served = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            served.incrementAndGet();
            try (ex) {
                handle(ex);
            }
        });
        server.setExecutor(pool);
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            CrawlOptions options = CrawlOptions.builder(workDir).endpoint(endpoint).author("bench").batchSize(50)
                    .env(Map.<String, String>of()::get).log(m -> { }).build();
            out.printf(Locale.ROOT, "crawl benchmark: synthetic hub, %d models (binary lineage tree), 3 files + 2 commits each, batch %d%n",
                    REPOS, options.batchSize());
            TimedSink sink = new TimedSink(CrawlSink.of(new CrawlStore(graph)));
            report(out, "first crawl", CrawlRunner.run(options, sink, graph.describe(), CrawlListener.NONE), served.getAndSet(0), sink);
            report(out, "re-crawl (unchanged)", CrawlRunner.run(options, sink, graph.describe(), CrawlListener.NONE),
                    served.getAndSet(0), sink);
            // --no-scan (no scan step): no tree, and commits only of repos seeded by id; keeps its own
            // repo state, so its first run is a first crawl even after the full crawls above
            CrawlOptions metadata = options.toBuilder().metadataOnly(true).build();
            report(out, "--no-scan first crawl", CrawlRunner.run(metadata, sink, graph.describe(), CrawlListener.NONE),
                    served.getAndSet(0), sink);
            report(out, "--no-scan re-crawl", CrawlRunner.run(metadata, sink, graph.describe(), CrawlListener.NONE),
                    served.getAndSet(0), sink);
            // an inventory: models seeded by id, their lineage parents reached by id (state of its own)
            CrawlOptions.Builder inventory = CrawlOptions.builder(workDir).endpoint(endpoint).batchSize(50).metadataOnly(true)
                    .stateDir(workDir.resolve("by-id-state")).env(Map.<String, String>of()::get).log(m -> { });
            for (int i = 0; i < REPOS; i += REPOS / BY_ID) {
                inventory.model("bench/m" + i);
            }
            CrawlOptions byId = inventory.build();
            report(out, "--no-scan by id, first", CrawlRunner.run(byId, sink, graph.describe(), CrawlListener.NONE),
                    served.getAndSet(0), sink);
            report(out, "--no-scan by id, again", CrawlRunner.run(byId, sink, graph.describe(), CrawlListener.NONE),
                    served.getAndSet(0), sink);

        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static void report(PrintStream out, String label, CrawlSummary s, long served, TimedSink sink) {
        double seconds = s.elapsed().toNanos() / 1e9;
        double graphSeconds = sink.nanos.getAndSet(0) / 1e9;
        out.printf(Locale.ROOT, "  %-22s %s: %d repos, %d files, %d revisions, %d requests (%d served), %.2f requests/repo, "
                        + "%.1f s (graph writes %.1f s), %.0f repos/s%n",
                label, s.status(), s.repos(), s.files(), s.revisions(), s.requests(), served,
                (double) s.requests() / Math.max(1, s.repos()), seconds, graphSeconds, s.repos() / seconds);
    }

    /** Measures the time spent in graph writes. */
    private static final class TimedSink implements CrawlSink {
        final AtomicLong nanos = new AtomicLong();
        private final CrawlSink delegate;

        TimedSink(CrawlSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(CrawlRows.Batch batch) {
            long t = System.nanoTime();
            delegate.write(batch);
            nanos.addAndGet(System.nanoTime() - t);
        }
    }

    private static void handle(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (path.equals("/api/models")) {
            if (!query.contains("author=bench")) {
                send(ex, "[]", null);
                return;
            }
            int from = param(query, "cursor", 0);
            int to = Math.min(REPOS, from + LIST_PAGE);
            // with expand= (any key) an item carries the info fields; without, only _id and id
            boolean expand = query.contains("expand=");
            StringBuilder b = new StringBuilder("[");
            for (int i = from; i < to; i++) {
                b.append(i == from ? "" : ",").append(expand ? info(i) : "{\"_id\":\"" + String.format("%024x", i)
                        + "\",\"id\":\"bench/m" + i + "\"}");
            }
            String next = query.replaceAll("&?cursor=\\d+", "");
            String link = to < REPOS ? "<http://" + ex.getRequestHeaders().getFirst("Host") + "/api/models?" + next
                    + "&cursor=" + to + ">; rel=\"next\"" : null;
            send(ex, b.append(']').toString(), link);
            return;
        }
        if (path.equals("/api/datasets") || path.equals("/api/spaces")) {
            send(ex, "[]", null);
            return;
        }
        if (path.startsWith("/api/models/bench/m")) {
            String[] seg = path.substring("/api/models/".length()).split("/");
            int i = Integer.parseInt(seg[1].substring(1));
            String sha = String.format("%040x", 1_000_000L + i);
            if (seg.length == 2) {
                String etag = "W/\"" + sha + "\"";
                ex.getResponseHeaders().add("ETag", etag);
                if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                send(ex, info(i), null);
            } else if (seg[2].equals("tree")) {
                send(ex, "[" + file("README.md", 900, null) + "," + file("config.json", 600, null) + ","
                        + file("model.safetensors", 500_000_000L + i, String.format("%064x", i)) + "]", null);
            } else {
                send(ex, "[{\"id\":\"" + sha + "\",\"title\":\"Upload model\",\"date\":\"2024-02-19T10:57:45.000Z\"},"
                        + "{\"id\":\"" + String.format("%040x", 2_000_000L + i) + "\",\"title\":\"initial commit\",\"date\":\"2023-01-01T00:00:00.000Z\"}]", null);
            }
            return;
        }
        ex.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
        ex.sendResponseHeaders(404, -1);
    }

    /** Model i's info as {@code GET /api/models/{id}} sends it (siblings included). */
    private static String info(int i) {
        String sha = String.format("%040x", 1_000_000L + i);
        String base = i == 0 ? "" : ",\"cardData\":{\"base_model\":\"bench/m" + ((i - 1) / 2)
                + "\",\"license\":\"apache-2.0\"},\"tags\":[\"transformers\",\"base_model:finetune:bench/m" + ((i - 1) / 2) + "\"]";
        return "{\"_id\":\"" + String.format("%024x", i) + "\",\"id\":\"bench/m" + i + "\",\"author\":\"bench\",\"sha\":\""
                + sha + "\",\"private\":false,\"gated\":false,\"disabled\":false,\"downloads\":" + i
                + ",\"likes\":1,\"lastModified\":\"2024-02-19T11:06:12.000Z\",\"createdAt\":\"2022-03-02T23:29:04.000Z\""
                + ",\"siblings\":[{\"rfilename\":\"README.md\"},{\"rfilename\":\"config.json\"},{\"rfilename\":\"model.safetensors\"}]"
                + base + "}";
    }

    private static String file(String path, long size, String sha256) {
        return "{\"type\":\"file\",\"oid\":\"" + String.format("%040x", Math.abs((long) path.hashCode() + size)) + "\",\"size\":" + size
                + ",\"path\":\"" + path + "\"" + (sha256 == null ? "" : ",\"lfs\":{\"oid\":\"" + sha256 + "\",\"size\":" + size
                + ",\"pointerSize\":134}") + ",\"securityFileStatus\":{\"status\":\"safe\"}}";
    }

    private static int param(String query, String name, int dflt) {
        for (String p : query.split("&")) {
            if (p.startsWith(name + "=")) {
                return Integer.parseInt(p.substring(name.length() + 1));
            }
        }
        return dflt;
    }

    private static void send(HttpExchange ex, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("RateLimit", "\"api\";r=9999;t=300");
        if (link != null) {
            ex.getResponseHeaders().add("Link", link);
        }
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
