package dev.aiprov.crawler.drift;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.FindingEvent;
import dev.aiprov.events.Ocsf;
import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.HubSettings;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.crawler.job.Seed;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.DriftQueries;
import dev.aiprov.graph.Graph;
import dev.aiprov.inventory.drift.DriftDetector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One crawl with drift detection and events: snapshots the dependency tree, runs the crawl job (and
 * its scan step), then emits the run, each file the scan judged or not, each finding recorded, and
 * each new alert. Pinned revisions of repos whose head moved are checked on the Hub (one request each).
 */
public final class MonitoredCrawl {
    /** What the run did and the alerts it raised (new ones only). */
    public record Result(CrawlSummary summary, List<AlertStore.Alert> alerts) {
        public Result {
            alerts = List.copyOf(alerts);
        }
    }

    private MonitoredCrawl() {
    }

    public static Result run(CrawlOptions options, Graph graph, CrawlListener listener, CrawlRunner.ScanPhase scan,
                             EventLog events, Supplier<Instant> clock) {
        Instant start = clock.get();
        DriftDetector.Snapshot before = DriftDetector.snapshot(graph, start);
        String name = seeds(options);
        CrawlSummary summary;
        try {
            summary = CrawlRunner.run(options, graph, listener, scan);
        } catch (RuntimeException e) {
            events.emit(Ocsf.scanRun(Ocsf.Type.CRAWL, false, start, clock.get(), name, 0, 0,
                    "crawl failed: " + e.getMessage(), Map.of()));
            throw e;
        }
        Instant end = clock.get();
        DriftQueries q = new DriftQueries(graph);
        long detections = 0;
        for (DriftQueries.ScannedFile f : q.scannedSince(start)) {
            events.emit(Ocsf.fileScanned(end, f.fileKey(), f.path(), repoKeyOf(f.fileKey()), "judged".equals(f.status()),
                    f.why(), f.format(), f.findings()));
        }
        for (DriftQueries.RecordedFinding f : q.findingsRecordedSince(start)) {
            detections++;
            events.emit(Ocsf.finding(end, FindingEvent.of(f.findingKey(), f.rule(), f.severity(), f.message())
                    .at(repoKeyOf(f.fileKey()), f.path(), f.location()).secret(f.secretSha256(), f.secretRedacted())));
        }
        if (summary.scan() != null) {
            var s = summary.scan();
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("considered", s.considered());
            u.put("reused", s.reused());
            u.put("unjudged", s.unjudged());
            u.put("transferred_bytes", s.transferred());
            u.put("requests", s.requests());
            events.emit(Ocsf.scanRun(Ocsf.Type.SCAN, true, start, end, "crawl scan step: " + name, s.scanned(), s.findings(),
                    "scan step: " + n(s.scanned(), "content") + " scanned, " + s.unjudged() + " not judged, "
                            + n(s.findings(), "finding"), u));
        }
        List<AlertStore.Alert> alerts = List.of();
        if (summary.completed()) {
            try (LazyProbe probe = new LazyProbe(options)) {
                alerts = DriftDetector.detect(graph, before, clock.get(), probe);
            }
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("repos", summary.repos());
        u.put("unchanged", summary.unchanged());
        u.put("unavailable", summary.unavailable());
        u.put("errors", summary.errors());
        u.put("requests", summary.requests());
        u.put("retries", summary.retries());
        u.put("resumed", summary.resumed());
        u.put("alerts", alerts.size());
        if (summary.failure() != null) u.put("failure", summary.failure());
        events.emit(Ocsf.scanRun(Ocsf.Type.CRAWL, summary.completed(), start, clock.get(), name, summary.files(), detections,
                "crawl " + summary.status().toLowerCase(java.util.Locale.ROOT) + ": " + n(summary.repos(), "repo") + " ("
                        + summary.unchanged() + " unchanged), " + n(summary.requests(), "request") + ", "
                        + alerts.size() + " new " + (alerts.size() == 1 ? "alert" : "alerts"), u));
        for (AlertStore.Alert a : alerts) {
            events.emit(DriftDetector.event(a));
        }
        return new Result(summary, alerts);
    }

    /** {@code model:org/name} from a file key {@code model:org/name@sha:path}. */
    static String repoKeyOf(String fileKey) {
        int at = fileKey.indexOf('@');
        return at < 0 ? null : fileKey.substring(0, at);
    }

    private static String seeds(CrawlOptions o) {
        StringBuilder b = new StringBuilder();
        for (Seed s : o.seeds()) {
            if (b.length() > 200) {
                b.append(" …");
                break;
            }
            b.append(b.length() == 0 ? "" : " ").append(s);
        }
        return b.toString();
    }

    /** Opens a Hub client on the first check only. */
    private static final class LazyProbe implements DriftDetector.RevisionProbe, AutoCloseable {
        private final CrawlOptions options;
        private HubClient hub;

        LazyProbe(CrawlOptions options) {
            this.options = options;
        }

        @Override
        public Boolean exists(dev.aiprov.graph.RepoType type, String id, String sha) {
            if (hub == null) {
                hub = new HubClient(HubSettings.resolve(options.endpoint(), options.token(), options.tokenFile(), options.env(),
                        Path.of(System.getProperty("user.home"))).withClock(options.clock()).withLog(options.log()));
            }
            try {
                return hub.revisionExists(type, id, sha);
            } catch (HubException e) {
                return null;
            }
        }

        @Override
        public void close() {
            if (hub != null) hub.close();
        }
    }

    /** "1 finding", "2 findings". */
    private static String n(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
