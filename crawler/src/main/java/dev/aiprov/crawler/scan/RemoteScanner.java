package dev.aiprov.crawler.scan;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.ScanRows;
import dev.aiprov.graph.ScanStore;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scans what the crawl found: the files at each crawled repo's head revision, and at each revision a
 * deployment pins, that have no result from this scanner version. Contents are fetched with range requests through the crawl's HTTP client
 * (same rate-limit and retry rules), scanned on a bounded pool, and recorded content-addressed, so a
 * content already judged is never fetched again, across repos and crawls.
 */
public final class RemoteScanner {
    private final Graph graph;
    private final OkHttpClient client;
    private final HttpUrl endpoint;
    private final Scanner scanner;
    private final int threads;
    private final long streamCap;

    public RemoteScanner(Graph graph, OkHttpClient client, String endpoint, Scanner scanner, int threads, long streamCap) {
        this.graph = graph;
        this.client = client;
        this.endpoint = HttpUrl.get(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        this.scanner = scanner;
        this.threads = Math.max(1, threads);
        this.streamCap = streamCap;
    }

    /**
     * The crawl job's scan step: lists the files of pinned revisions the graph does not hold yet
     * ({@link PinnedRevisions}, at most {@code maxFiles} each), then scans every pending file.
     */
    public static dev.aiprov.crawler.job.CrawlRunner.ScanPhase step(Graph graph, Scanner scanner, int threads, long streamCap,
                                                                   int maxFiles) {
        return (hub, repoKeys) -> {
            PinnedRevisions.list(graph, hub, repoKeys, maxFiles);
            return new RemoteScanner(graph, hub.fileClient(), hub.settings().endpoint(), scanner, threads, streamCap)
                    .scanPending(repoKeys);
        };
    }

    /** Scans pending files of {@code repoKeys} ({@code model:org/name}...), or of every repo when null. */
    public ScanSummary scanPending(List<String> repoKeys) {
        long t0 = System.nanoTime();
        ScanStore store = new ScanStore(graph);
        List<ScanStore.PendingFile> pending = store.pendingFiles(repoKeys, Scanner.VERSION);
        Map<String, List<ScanStore.PendingFile>> byContent = new LinkedHashMap<>();
        long selected = 0;
        for (ScanStore.PendingFile f : pending) {
            if (FileSelection.decide(f.path(), f.size()) == FileSelection.Decision.IGNORE) continue;
            selected++;
            byContent.computeIfAbsent(f.contentKey(), k -> new ArrayList<>()).add(f);
        }
        Set<String> done = store.alreadyScanned(new ArrayList<>(byContent.keySet()), Scanner.VERSION);
        Map<String, String> reuseLinks = new HashMap<>();
        long reused = 0;
        for (String key : done) {
            for (ScanStore.PendingFile f : byContent.remove(key)) {
                reuseLinks.put(f.fileKey(), key);
                reused++;
            }
        }
        store.linkFiles(reuseLinks, Scanner.VERSION);

        AtomicLong transferred = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong scannedSize = new AtomicLong();
        AtomicLong rangeIgnored = new AtomicLong();
        long scanned = 0;
        long unjudged = 0;
        long findings = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "aiprov-remote-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ScanRows.Result>> futures = new ArrayList<>();
            List<List<ScanStore.PendingFile>> groups = new ArrayList<>(byContent.values());
            for (List<ScanStore.PendingFile> group : groups) {
                futures.add(pool.submit(() -> scanOne(group.get(0), transferred, requests, scannedSize, rangeIgnored)));
            }
            for (int i = 0; i < futures.size(); i++) {
                ScanRows.Result r;
                ScanStore.PendingFile first = groups.get(i).get(0);
                try {
                    r = futures.get(i).get();
                } catch (Exception e) {
                    r = new ScanRows.Result(first.contentKey(), Scanner.VERSION, "error", "scan failed: " + e.getCause(),
                            null, first.size(), 0, 0, List.of());
                }
                if (r == null) continue;   // probed and not a scannable format
                store.record(r);
                Map<String, String> links = new HashMap<>();
                for (ScanStore.PendingFile f : groups.get(i)) links.put(f.fileKey(), r.contentKey());
                store.linkFiles(links, Scanner.VERSION);
                scanned++;
                if (!"judged".equals(r.status())) unjudged++;
                findings += r.findings().size();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ScanSummary(pending.size(), selected, scanned, reused, unjudged, findings, transferred.get(),
                scannedSize.get(), requests.get(), rangeIgnored.get(), java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Fetches and scans one content; null when a probed file turned out not to be a scannable format. */
    private ScanRows.Result scanOne(ScanStore.PendingFile f, AtomicLong transferred, AtomicLong requests,
                                    AtomicLong scannedSize, AtomicLong rangeIgnored) {
        FileSelection.Decision d = FileSelection.decide(f.path(), f.size());
        HttpUrl url = resolveUrl(f.type(), f.repo(), f.revision(), f.path());
        RangeSource src = null;
        try {
            src = RangeSource.open(client, url, streamCap);
            if (d == FileSelection.Decision.PROBE) {
                byte[] head = src.readFully(0, (int) Math.min(4096, src.size()));
                if (!FileSelection.looksScannable(head)) {
                    return null;
                }
            }
            List<FileResult> results = scanner.scan(f.path(), src, f.sha256());
            if (src.rangeIgnored()) rangeIgnored.incrementAndGet();
            scannedSize.addAndGet(src.size());
            return toResult(f, results, src);
        } catch (RemoteFileException e) {
            String status = e.why().equals("error") ? "error" : "skipped";
            return new ScanRows.Result(f.contentKey(), Scanner.VERSION, status, e.why() + ": " + e.getMessage(), null,
                    f.size(), 0, src == null ? 0 : src.transferred(), List.of());
        } catch (java.io.IOException | RuntimeException e) {
            return new ScanRows.Result(f.contentKey(), Scanner.VERSION, "error", "fetch failed: " + e.getMessage(), null,
                    f.size(), 0, src == null ? 0 : src.transferred(), List.of());
        } finally {
            if (src != null) {
                transferred.addAndGet(src.transferred());
                requests.addAndGet(src.requests());
            }
        }
    }

    static ScanRows.Result toResult(ScanStore.PendingFile f, List<FileResult> results, RangeSource src) {
        List<ScanRows.FoundIssue> issues = new ArrayList<>();
        String error = null;
        String format = results.isEmpty() ? null : results.get(0).format();
        for (FileResult r : results) {
            int bang = r.path().indexOf('!');
            String member = bang < 0 ? "" : r.path().substring(bang + 1);
            if (!r.judged() && error == null) error = (member.isEmpty() ? "" : member + ": ") + r.error();
            for (Finding x : r.findings()) {
                Finding g = member.isEmpty() ? x : x.inMember(member);
                issues.add(new ScanRows.FoundIssue(g.rule(), g.severity().label(), g.message(), g.location().toString(),
                        g.location().line() > 0 ? g.location().line() : null, g.evidence(),
                        g.secret() == null ? null
                                : new ScanRows.Secret(g.secret().sha256(), g.secret().type(), g.secret().redacted())));
            }
        }
        String why = error;
        if (src.rangeIgnored()) why = (why == null ? "" : why + "; ") + "server ignored Range: streamed whole";
        return new ScanRows.Result(f.contentKey(), Scanner.VERSION, error == null ? "judged" : "error", why, format,
                src.size(), src.bytesRead(), src.transferred(), issues);
    }

    /** {@code {endpoint}/{datasets/|spaces/}{repo}/resolve/{revision}/{path}}, each segment encoded. */
    HttpUrl resolveUrl(RepoType type, String repo, String revision, String path) {
        HttpUrl.Builder b = endpoint.newBuilder();
        if (!type.urlPrefix().isEmpty()) b.addPathSegment(type.urlPrefix().replace("/", ""));
        for (String seg : repo.split("/")) b.addPathSegment(seg);
        b.addPathSegment("resolve").addPathSegment(revision);
        for (String seg : path.split("/")) b.addPathSegment(seg);
        return b.build();
    }
}
