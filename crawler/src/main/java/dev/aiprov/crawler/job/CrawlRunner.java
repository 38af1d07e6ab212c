package dev.aiprov.crawler.job;

import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubSettings;
import dev.aiprov.crawler.hub.HubStats;
import dev.aiprov.crawler.job.internal.BatchConfig;
import dev.aiprov.crawler.job.internal.CrawlStats;
import dev.aiprov.crawler.job.internal.CrawlWriter;
import dev.aiprov.crawler.job.internal.Databases;
import dev.aiprov.crawler.job.internal.Frontier;
import dev.aiprov.crawler.job.internal.FrontierBatch;
import dev.aiprov.crawler.job.internal.FrontierReader;
import dev.aiprov.crawler.job.internal.LegacyState;
import dev.aiprov.crawler.job.internal.RepoFetcher;
import dev.aiprov.crawler.job.internal.RepoResult;
import dev.aiprov.crawler.job.internal.SeedTasklet;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.scanner.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs a crawl as a restartable Spring Batch job: step {@code seed} fills the frontier, step
 * {@code crawl} reads pending repos in batches, fetches them from the Hub and writes them to the
 * graph, adding what they point to, until nothing is pending.
 *
 * <p>Restart: the job instance is identified by the seeds, depth and descendants flag (plus a run
 * number). Running the same crawl again after a failure or a kill resumes that instance where its
 * last chunk committed; an execution left {@code STARTED} by a killed process is marked
 * {@code FAILED} first. After a completed crawl, the same seeds start a new instance.
 */
public final class CrawlRunner {
    public static final String JOB_NAME = "aiprov-crawl";

    private CrawlRunner() {
    }

    /** Crawls into the graph. */
    public static CrawlSummary run(CrawlOptions options, Graph graph, CrawlListener listener) {
        return run(options, CrawlSink.of(new CrawlStore(graph)), graph.describe(), listener, null);
    }

    /**
     * The scan step of the crawl job: judges the files of the repos this run reached, through the
     * crawl's Hub client (same rate limits and retries). Its state lives in the graph (content-addressed
     * scan results), so a restarted job rescans only what is still pending.
     */
    @FunctionalInterface
    public interface ScanPhase {
        dev.aiprov.crawler.scan.ScanSummary scan(HubClient hub, List<String> repoKeys);
    }

    /** Crawls into the graph, then runs {@code scan} as the job's last step (null: no scan step). */
    public static CrawlSummary run(CrawlOptions options, Graph graph, CrawlListener listener, ScanPhase scan) {
        return run(options, CrawlSink.of(new CrawlStore(graph)), graph.describe(), listener, scan);
    }

    public static CrawlSummary run(CrawlOptions options, CrawlSink sink, String graphKey, CrawlListener listener) {
        return run(options, sink, graphKey, listener, null);
    }

    /**
     * Crawls into any sink. {@code graphKey} names the target so that "unchanged since the last
     * crawl" is only trusted for the same graph.
     *
     * <p>Crawls in one JVM run one at a time: Spring Batch keeps the running steps' contexts in a
     * process-wide registry keyed by execution ids, and two job repositories (two graphs) both start
     * their ids at 1, so two crawls at once in one process would update each other's step executions.
     * Crawls into different graphs from different processes ({@code aiprov crawl} always runs in its
     * own) run side by side.
     */
    public static CrawlSummary run(CrawlOptions options, CrawlSink sink, String graphKey, CrawlListener listener,
                                   ScanPhase scan) {
        IN_PROCESS.lock();
        try {
            return runAlone(options, sink, graphKey, listener, scan);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static final java.util.concurrent.locks.ReentrantLock IN_PROCESS = new java.util.concurrent.locks.ReentrantLock();

    private static CrawlSummary runAlone(CrawlOptions options, CrawlSink sink, String graphKey, CrawlListener listener,
                                         ScanPhase scan) {
        long start = System.nanoTime();
        HubSettings settings = HubSettings.resolve(options.endpoint(), options.token(), options.tokenFile(), options.env(),
                Path.of(System.getProperty("user.home"))).withClock(options.clock()).withLog(options.log());
        String url = options.effectiveJobRepositoryUrl(graphKey);
        boolean fresh = false;
        if (options.jobRepositoryUrl() == null || options.jobRepositoryUrl().isBlank()) {
            Path dir = options.effectiveStateDir(graphKey);
            fresh = !Files.exists(dir.resolve("jobs.mv.db"));
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create the crawl state directory " + dir, e);
            }
        }
        DataSource ds = Databases.open(url, options.env().apply("AIPROV_JDBC_USER"), options.env().apply("AIPROV_JDBC_PASSWORD"));
        try (HubClient hub = new HubClient(settings);
             AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext()) {
            Databases.ensureBatchSchema(ds);
            Frontier frontier = new Frontier(ds);
            frontier.createSchema();
            if (fresh) {
                LegacyState.adopt(options.home(), options.legacyJobRepositoryUrl(), ds, graphKey, options.log());
            }
            PlatformTransactionManager tx = new JdbcTransactionManager(ds);
            ctx.registerBean("dataSource", DataSource.class, () -> ds);
            ctx.registerBean("transactionManager", PlatformTransactionManager.class, () -> tx);
            ctx.register(BatchConfig.class);
            ctx.refresh();
            JobRepository repository = ctx.getBean(JobRepository.class);
            JobOperator operator = ctx.getBean(JobOperator.class);

            String seedsKey = seedsKey(options);
            long run = frontier.runNumber(seedsKey);
            boolean resumed = false;
            JobInstance instance = repository.getJobInstance(JOB_NAME, identifying(seedsKey, run));
            if (instance == null) {
                frontier.setRunNumber(seedsKey, run);
            } else {
                JobExecution last = repository.getLastJobExecution(instance);
                if (last == null || last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
                    run++;
                    frontier.setRunNumber(seedsKey, run);
                } else {
                    if (last.getStatus().isRunning()) {
                        markStaleExecutionFailed(repository, last);
                    }
                    resumed = true;
                }
            }
            String runKey = seedsKey.substring(0, 32) + "/" + run;
            CrawlStats stats = new CrawlStats();
            java.util.concurrent.atomic.AtomicReference<dev.aiprov.crawler.scan.ScanSummary> scanned =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Job job = job(repository, tx, options, hub, frontier, sink, graphKey, runKey, stats, listener, scan, scanned);
            JobParametersBuilder params = new JobParametersBuilder(identifying(seedsKey, run))
                    .addString("seeds", clip(String.join(" ", seedStrings(options)), 2000), false);
            if (options.failAt() != null) {
                params.addLong("failAt", options.failAt(), false);
            }
            listener.started(frontier.count(runKey, Frontier.DONE), frontier.count(runKey, null));
            JobExecution execution = operator.start(job, params.toJobParameters());
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                frontier.clearListed(runKey);   // items of owners' repos the crawl never reached
            }
            HubStats http = hub.stats();
            String failure = execution.getAllFailureExceptions().stream().findFirst().map(CrawlRunner::rootCause).orElse(null);
            String status = execution.getStatus().name();
            if (execution.getStatus() == BatchStatus.COMPLETED && stats.hubUnreachable()) {
                // every read failed after retries: the job ran to its end but learned nothing (not a completed crawl)
                status = BatchStatus.FAILED.name();
                failure = CrawlSummary.UNREACHABLE + " (" + stats.errors.get() + " errors after retries)";
            }
            CrawlSummary summary = new CrawlSummary(stats.repos.get(), stats.unavailable.get(), stats.errors.get(),
                    stats.unchanged.get(), stats.files.get(), stats.revisions.get(), http.requests(), http.retries(),
                    Duration.ofNanos(System.nanoTime() - start), resumed, execution.getId(), status, failure, scanned.get());
            listener.finished(summary);
            return summary;
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("crawl could not run: " + e.getMessage(), e);
        } finally {
            Databases.close(ds);
        }
    }

    private static Job job(JobRepository repository, PlatformTransactionManager tx, CrawlOptions o, HubClient hub,
                           Frontier frontier, CrawlSink sink, String graphKey, String runKey, CrawlStats stats,
                           CrawlListener listener, ScanPhase scan,
                           java.util.concurrent.atomic.AtomicReference<dev.aiprov.crawler.scan.ScanSummary> scanned) {
        Step seed = new StepBuilder("seed", repository)
                .tasklet(new SeedTasklet(hub, frontier, runKey, o.seeds(), stats), tx).build();
        // a metadata-only crawl reads no files, so its repo state must not make a full crawl skip them
        String stateKey = o.metadataOnly() ? graphKey + "#metadata" : graphKey;
        CrawlWriter writer = new CrawlWriter(sink, frontier, runKey, stateKey, stats, listener);
        Step crawl = new StepBuilder("crawl", repository).<FrontierBatch, List<RepoResult>>chunk(1)
                .reader(new FrontierReader(frontier, runKey, o.batchSize()))
                .processor(new RepoFetcher(hub, frontier, runKey, stateKey, o.lineageDepth(), o.descendants(), o.refresh(),
                        o.maxFilesPerRepo(), o.maxCommitsPerRepo(), o.maxChildrenPerModel(), o.metadataOnly(),
                        seededById(o)))
                .writer(writer)
                .listener(writer)
                .transactionManager(tx)
                .build();
        if (scan == null) {
            return new JobBuilder(JOB_NAME, repository).start(seed).next(crawl).build();
        }
        Step scanStep = new StepBuilder("scan", repository).tasklet((contribution, chunk) -> {
            if (!stats.hubUnreachable()) {   // nothing to fetch from a Hub that answered no request
                scanned.set(scan.scan(hub, frontier.repoKeys(runKey)));
            }
            return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
        }, tx).build();
        return new JobBuilder(JOB_NAME, repository).start(seed).next(crawl).next(scanStep).build();
    }

    /** {@code model:org/name} keys of the repos seeded by id (not through an author). */
    static java.util.Set<String> seededById(CrawlOptions o) {
        java.util.Set<String> out = new java.util.HashSet<>();
        o.seeds().stream().filter(s -> s.kind() != dev.aiprov.crawler.job.Seed.Kind.AUTHOR)
                .forEach(s -> out.add(s.repoType().key() + ":" + s.value()));
        return out;
    }

    /**
     * An execution still STARTED when a new run begins was left by a killed process (the default H2
     * file admits one process at a time): end it FAILED, with its running steps, so the instance
     * can be restarted.
     */
    static void markStaleExecutionFailed(JobRepository repository, JobExecution stale) {
        java.time.LocalDateTime now = java.time.LocalDateTime.now();
        for (StepExecution step : stale.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription("abandoned by a process that died"));
                step.setEndTime(now);
                repository.update(step);
            }
        }
        stale.setStatus(BatchStatus.FAILED);
        stale.setExitStatus(ExitStatus.FAILED.addExitDescription("abandoned by a process that died"));
        stale.setEndTime(now);
        repository.update(stale);
    }

    private static JobParameters identifying(String seedsKey, long run) {
        return new JobParametersBuilder().addString("seedsKey", seedsKey).addLong("run", run).toJobParameters();
    }

    /** Stable hash of what identifies a crawl: sorted seeds, depth, descendants, endpoint. */
    static String seedsKey(CrawlOptions o) {
        String canonical = String.join("\n", seedStrings(o)) + "\ndepth=" + o.lineageDepth()
                + "\ndescendants=" + o.descendants();
        return Sha256.hex(canonical);
    }

    private static List<String> seedStrings(CrawlOptions o) {
        TreeSet<String> s = new TreeSet<>();
        o.seeds().forEach(seed -> s.add(seed.toString()));
        return List.copyOf(s);
    }

    /** The innermost cause, which names what went wrong (Spring Batch wraps it in step exceptions). */
    private static String rootCause(Throwable t) {
        Throwable r = t;
        for (int i = 0; i < 20 && r.getCause() != null && r.getCause() != r; i++) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + ": " + r.getMessage();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
