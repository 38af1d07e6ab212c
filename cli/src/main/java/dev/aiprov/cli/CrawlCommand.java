package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.crawler.progress.TerminalProgress;
import dev.aiprov.graph.Graph;
import dev.aiprov.crawler.hub.HubSettings;
import dev.aiprov.crawler.hub.HubToken;
import dev.aiprov.graph.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code aiprov crawl}: the Spring Batch crawl of Hub metadata into the graph. */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = "Crawl Hugging Face metadata (repos, lineage, datasets, Spaces, revisions, files) into the graph. "
                + "A crawl that was stopped resumes where it stopped when run again with the same seeds.")
public final class CrawlCommand extends GraphCommand {
    enum Format { text, json }

    @Option(names = "--model", arity = "1..*", paramLabel = "ID", converter = RepoIdConverter.class,
            description = "Model repo ids to crawl (org/name).")
    List<String> models = List.of();

    @Option(names = "--dataset", arity = "1..*", paramLabel = "ID", converter = RepoIdConverter.class, description = "Dataset repo ids.")
    List<String> datasets = List.of();

    @Option(names = "--space", arity = "1..*", paramLabel = "ID", converter = RepoIdConverter.class, description = "Space repo ids.")
    List<String> spaces = List.of();

    @Option(names = "--author", arity = "1..*", paramLabel = "NAME", converter = OwnerConverter.class,
            description = "Every repo of these users/orgs.")
    List<String> authors = List.of();

    @Option(names = "--lineage-depth", paramLabel = "N", defaultValue = "10",
            description = "Hops of lineage followed upward, and to training datasets (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--descendants", description = "Also follow the Hub's model tree downward (models fine-tuned from the seeds).")
    boolean descendants;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Hub endpoint (default: $HF_ENDPOINT, else https://huggingface.co).")
    String endpoint;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File with the Hub token (default: $HF_TOKEN, else $HF_HOME/token).")
    Path tokenFile;

    @Option(names = "--token-command", paramLabel = "CMD",
            description = "Run CMD once with 'sh -c' and read the Hub token from its standard output, e.g. "
                    + "\"vault kv get -field=token secret/hf\" (default: $AIPROV_HF_TOKEN_COMMAND). Order: --token-command, "
                    + "--token-file, $AIPROV_HF_TOKEN_COMMAND, $HF_TOKEN, $HF_HOME/token.")
    String tokenCommand;

    @Option(names = "--job-repository", paramLabel = "JDBC_URL",
            description = "Spring Batch job repository: the crawl's restart state (default: an H2 file in the graph directory, "
                    + "or under $AIPROV_HOME/crawl for a --neo4j-uri graph; e.g. jdbc:postgresql://…).")
    String jobRepository;

    @Option(names = "--refresh", description = "Re-read files and commits even of repos whose head sha did not change.")
    boolean refresh;

    @Option(names = "--max-files", paramLabel = "N", defaultValue = "10000", description = "Files listed per repo at most (default: ${DEFAULT-VALUE}).")
    int maxFiles;

    @Option(names = "--max-commits", paramLabel = "N", defaultValue = "100", description = "Commits read per repo, newest first (default: ${DEFAULT-VALUE}).")
    int maxCommits;

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "Summary format: text or json (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Option(names = "--from-inventory",
            description = "Crawl exactly the artifacts the imported inventory uses (aiprov inventory import), and their lineage.")
    boolean fromInventory;

    @Option(names = "--scan", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Scan the files of crawled repos with range requests (default: on; --no-scan skips, and then "
                    + "no file tree is read and commits only of repos named by id or from the inventory).")
    boolean scan;

    @Option(names = "--metadata-only", description = "Repos, lineage, relations and head revisions only: no file tree, "
            + "commit lists only of repos named by id, so an author crawl costs about one request per page of repos "
            + "(the same as --no-scan).")
    boolean metadataOnly;

    @Option(names = "--scan-threads", paramLabel = "N", defaultValue = "4", description = "Files fetched and scanned in parallel (default: ${DEFAULT-VALUE}).")
    int scanThreads;

    @Option(names = "--fail-at", hidden = true, description = "Testing: stop with a failure after N repos were written.")
    Long failAt;

    @Option(names = "--schedule", paramLabel = "CRON",
            description = "Keep running and crawl on this schedule: '30 2 * * *' (min hour dom month dow), a 6-field Spring "
                    + "expression, or @daily/@hourly. One crawl at a time; a failed run does not stop it; SIGTERM stops it.")
    String schedule;

    @Option(names = "--schedule-runs", hidden = true, description = "Testing: stop the schedule after N runs.")
    int scheduleRuns;

    @picocli.CommandLine.Mixin
    EventOptions events;

    /** Test hooks: the schedule's clock and sleeper. */
    java.time.Clock scheduleClock = java.time.Clock.systemUTC();
    dev.aiprov.crawler.schedule.CrawlScheduler.Sleeper scheduleSleeper = dev.aiprov.crawler.schedule.CrawlScheduler.Sleeper.SYSTEM;

    /** A file from a server that ignores Range is streamed whole up to this size, then skipped. */
    static final long STREAM_CAP = 256L << 20;

    static String scanLine(dev.aiprov.crawler.scan.ScanSummary x) {
        return String.format("scan: %s considered, %d selected, %s scanned (%d reused from earlier scans), "
                        + "%d not judged, %s; %s transferred for %s of content, %s%s",
                dev.aiprov.cli.render.Plural.of(x.considered(), "file"), x.selected(), dev.aiprov.cli.render.Plural.of(x.scanned(), "content"), x.reused(), x.unjudged(),
                dev.aiprov.cli.render.Plural.of(x.findings(), "finding"), bytes(x.transferred()), bytes(x.scannedSize()), dev.aiprov.cli.render.Plural.of(x.requests(), "request"),
                x.rangeIgnored() > 0 ? ", " + x.rangeIgnored() + " streamed whole (server ignored Range)" : "");
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1L << 20) return String.format("%.1f KB", n / 1024.0);
        if (n < 1L << 30) return String.format("%.1f MB", n / (double) (1L << 20));
        return String.format("%.2f GB", n / (double) (1L << 30));
    }

    /** A repo id ({@link RepoId}) on the command line: a bad one is a usage error before anything runs. */
    static final class RepoIdConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return RepoId.parse(value).value();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A user or organisation name ({@code --author}). */
    static final class OwnerConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!RepoId.isValidOwner(value)) {
                throw new TypeConversionException("not a user or organisation name: '" + RepoId.printable(value) + "'");
            }
            return value;
        }
    }

    /** The Hub token, resolved once per command (a token command runs once, even under --schedule). */
    private HubToken token;

    @Override
    protected int run(Graph graph) {
        try {
            token = HubSettings.resolveToken(tokenCommand, tokenFile, env()::get, Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw UserException.usage(e.getMessage());
        }
        if (schedule == null) {
            try (dev.aiprov.events.EventLog log = events.open(spec, env())) {
                return once(graph, log);
            }
        }
        org.springframework.scheduling.support.CronExpression cron;
        try {
            cron = dev.aiprov.crawler.schedule.CrawlScheduler.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        try (dev.aiprov.events.EventLog log = events.open(spec, env())) {
            dev.aiprov.crawler.schedule.CrawlScheduler scheduler = new dev.aiprov.crawler.schedule.CrawlScheduler(cron,
                    scheduleClock, scheduleSleeper, m -> {
                        err().println("aiprov: " + m);
                        err().flush();
                    });
            // SIGTERM/Ctrl-C end the loop (at once while it waits) and the command returns normally: exit 0
            try (var signals = dev.aiprov.crawler.schedule.StopSignals.install(() -> {
                if (!scheduler.stop()) {
                    err().println("aiprov: stopping after the current crawl (signal again to stop at once; it resumes at the next start)");
                    err().flush();
                }
            })) {
                var outcome = scheduler.run(() -> once(graph, log), scheduleRuns);
                err().println("aiprov: schedule ended after " + outcome.runs() + " runs (" + outcome.failures() + " failed)"
                        + (outcome.stopped() ? ": stopped" : ""));
                err().flush();
            }
        }
        return ExitCodes.OK;
    }

    private int once(Graph graph, dev.aiprov.events.EventLog log) {
        if (depth < 0 || maxFiles < 0 || maxCommits < 0) throw UserException.usage("depths and caps must not be negative");
        CrawlOptions.Builder b = CrawlOptions.builder(GraphOptions.home(env()))
                .stateDir(CrawlOptions.stateDirFor(GraphOptions.resolve(spec, env()), GraphOptions.home(env())))
                .lineageDepth(depth).descendants(descendants).endpoint(endpoint).tokenFile(tokenFile)
                .jobRepositoryUrl(jobRepository).refresh(refresh).maxFilesPerRepo(maxFiles)
                .maxCommitsPerRepo(maxCommits).failAt(failAt).env(env()::get).token(token).metadataOnly(metadataOnly || !scan);
        if (fromInventory) {
            List<dev.aiprov.graph.InventoryStore.ArtifactInUse> inUse = new dev.aiprov.graph.InventoryStore(graph).artifactsInUse();
            if (inUse.isEmpty()) throw UserException.usage("the inventory is empty: run 'aiprov inventory import aiprov.yaml' first");
            for (var a : inUse) {
                switch (a.type()) {
                    case MODEL -> b.model(a.id());
                    case DATASET -> b.dataset(a.id());
                    case SPACE -> b.space(a.id());
                }
            }
        }
        CrawlOptions options;
        try {
            models.forEach(b::model);
            datasets.forEach(b::dataset);
            spaces.forEach(b::space);
            authors.forEach(b::author);
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        PrintStream progressStream = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        CrawlListener listener = noProgress ? CrawlListener.NONE : new TerminalProgress(progressStream);
        CrawlRunner.ScanPhase phase = !scan || metadataOnly ? null : dev.aiprov.crawler.scan.RemoteScanner.step(graph,
                ScanCommand.scanner(env()), scanThreads, STREAM_CAP, maxFiles);
        dev.aiprov.crawler.drift.MonitoredCrawl.Result result = dev.aiprov.crawler.drift.MonitoredCrawl.run(options, graph,
                listener, phase, log, java.time.Instant::now);
        CrawlSummary s = result.summary();
        if (format == Format.json) {
            out().println(Json.pretty(s));
        } else {
            out().printf("crawl %s in %.1f s%s: %s (%d unchanged, %d unavailable, %s), %s, %s; %s, %s%n",
                    s.status().toLowerCase(), s.elapsed().toMillis() / 1000.0, s.resumed() ? " (resumed)" : "",
                    dev.aiprov.cli.render.Plural.of(s.repos(), "repo"), s.unchanged(), s.unavailable(), dev.aiprov.cli.render.Plural.of(s.errors(), "error"), dev.aiprov.cli.render.Plural.of(s.revisions(), "revision"),
                    dev.aiprov.cli.render.Plural.of(s.files(), "file"), dev.aiprov.cli.render.Plural.of(s.requests(), "request"), dev.aiprov.cli.render.Plural.of(s.retries(), "retry").replace("retrys", "retries"));
            if (s.scan() != null) out().println(scanLine(s.scan()));
            if (!result.alerts().isEmpty()) {
                out().println(result.alerts().size() + " new alerts (aiprov alerts):");
                result.alerts().forEach(a -> out().println("  " + a.severity() + "  " + a.type() + "  " + a.message()));
            }
        }
        out().flush();
        if (s.hubUnreachable()) {
            throw new UserException(s.failure() + "; check --endpoint/HF_ENDPOINT and the network", ExitCodes.FAILURE);
        }
        if (!s.completed()) {
            throw new UserException("crawl stopped: " + s.failure() + "; run the same command again to resume", ExitCodes.FAILURE);
        }
        return ExitCodes.OK;
    }
}
