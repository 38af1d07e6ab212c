package dev.aiprov.crawler.job;

import dev.aiprov.crawler.hub.HubClock;
import dev.aiprov.crawler.hub.HubLog;
import dev.aiprov.crawler.hub.HubToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One crawl. Identity for restarts is {@code seeds + lineageDepth + descendants}: running the same
 * again resumes an unfinished crawl, or starts a new one when the last completed.
 *
 * @param seeds repos and authors to start from
 * @param lineageDepth how many hops to follow lineage upward (and to training datasets, Space deps)
 * @param descendants also follow the model tree downward ({@code filter=base_model:X}), as deep
 * @param endpoint Hub endpoint, null for {@code HF_ENDPOINT} or https://huggingface.co
 * @param tokenFile explicit token file, null for {@code HF_TOKEN} / {@code $HF_HOME/token}
 * @param jobRepositoryUrl JDBC URL of the job repository and frontier; null for an H2 file in {@code stateDir}
 * @param home aiprov home ({@code ~/.aiprov}); holds the state of crawls into graphs without a {@code stateDir}
 * @param refresh re-read files and commits even when a repo's sha is unchanged since the last crawl
 * @param maxFilesPerRepo cap on tree entries read per repo
 * @param maxCommitsPerRepo cap on commits read per repo (newest first)
 * @param maxChildrenPerModel cap on descendants listed per model
 * @param batchSize repos per chunk (one graph write and one JDBC commit per chunk)
 * @param failAt test hook: the writer throws once this many repos were written in one execution (null: never)
 * @param env environment lookup, {@code System::getenv} by default
 * @param clock sleeper for backoff, {@link HubClock#SYSTEM} by default
 * @param log retry/rate-limit messages, {@link HubLog#SYSTEM} by default
 * @param stateDir directory of the default job repository (restart state) of the target graph, see
 *                 {@link #stateDirFor}; null: {@code home/crawl/<hash of the graph key>}
 * @param token a token the caller already resolved (e.g. from {@code --token-command}), or null to
 *              look it up from {@code tokenFile} and the environment
 * @param metadataOnly read no tree and no commit list per repo (a crawl without a scan step): every
 *                     repo, lineage edge and relation as a full crawl, the head revision only, no files
 */
public record CrawlOptions(List<Seed> seeds, int lineageDepth, boolean descendants, String endpoint, Path tokenFile,
                           String jobRepositoryUrl, Path home, boolean refresh, int maxFilesPerRepo,
                           int maxCommitsPerRepo, int maxChildrenPerModel, int batchSize, Long failAt,
                           Function<String, String> env, HubClock clock, HubLog log, Path stateDir,
                           HubToken token, boolean metadataOnly) {
    public static final int DEFAULT_DEPTH = 10;

    public CrawlOptions {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds: give --model, --dataset, --space or --author");
        }
        if (lineageDepth < 0 || batchSize < 1 || maxFilesPerRepo < 0 || maxCommitsPerRepo < 0 || maxChildrenPerModel < 0) {
            throw new IllegalArgumentException("negative depth or cap");
        }
        Objects.requireNonNull(home, "home");
        env = env == null ? System::getenv : env;
        clock = clock == null ? HubClock.SYSTEM : clock;
        log = log == null ? HubLog.SYSTEM : log;
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    public Builder toBuilder() {
        Builder b = new Builder(home);
        b.seeds.addAll(seeds);
        return b.lineageDepth(lineageDepth).descendants(descendants).endpoint(endpoint).tokenFile(tokenFile)
                .jobRepositoryUrl(jobRepositoryUrl).refresh(refresh).maxFilesPerRepo(maxFilesPerRepo)
                .maxCommitsPerRepo(maxCommitsPerRepo).maxChildrenPerModel(maxChildrenPerModel).batchSize(batchSize)
                .failAt(failAt).env(env).clock(clock).log(log).stateDir(stateDir).token(token).metadataOnly(metadataOnly);
    }

    /**
     * Where a crawl's restart state lives by default, so that crawls into different graphs run side by
     * side and a restart resumes the crawl of its own graph: inside an embedded graph's directory
     * ({@code GRAPH/crawl}, gone with the graph), else under {@code home/crawl/} keyed by a hash of the
     * server's URI.
     */
    public static Path stateDirFor(dev.aiprov.graph.GraphConfig graph, Path home) {
        return graph.isEmbedded() ? graph.embeddedHome().resolve("crawl")
                : home.resolve("crawl").resolve("server-" + hash(graph.uri()));
    }

    /** The job repository of a crawl into {@code graphKey}: the given URL, else an H2 file in the state directory. */
    public String effectiveJobRepositoryUrl(String graphKey) {
        if (jobRepositoryUrl != null && !jobRepositoryUrl.isBlank()) {
            return jobRepositoryUrl;
        }
        return h2Url(effectiveStateDir(graphKey).resolve("jobs"));
    }

    /** The directory of the default job repository (see {@link #stateDir}). */
    public Path effectiveStateDir(String graphKey) {
        return stateDir != null ? stateDir : home.resolve("crawl").resolve("graph-" + hash(graphKey));
    }

    /** Before restart state was kept per graph, every crawl shared this H2 file ({@code home/crawl/jobs}). */
    public String legacyJobRepositoryUrl() {
        return h2Url(home.resolve("crawl").resolve("jobs"));
    }

    static String h2Url(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_COMPACT_FILL_RATE=0";
    }

    private static String hash(String s) {
        return dev.aiprov.scanner.Sha256.hexPrefix(String.valueOf(s), 8);
    }

    /** Mutable builder with the defaults: depth 10, no descendants, 10,000 files, 100 commits, 10 repos per chunk. */
    public static final class Builder {
        private final Path home;
        private final List<Seed> seeds = new ArrayList<>();
        private int lineageDepth = DEFAULT_DEPTH;
        private boolean descendants;
        private String endpoint;
        private Path tokenFile;
        private String jobRepositoryUrl;
        private boolean refresh;
        private int maxFilesPerRepo = 10_000;
        private int maxCommitsPerRepo = 100;
        private int maxChildrenPerModel = 10_000;
        private int batchSize = 10;
        private boolean metadataOnly;
        private Long failAt;
        private Function<String, String> env;
        private HubClock clock;
        private HubLog log;
        private Path stateDir;
        private HubToken token;

        private Builder(Path home) {
            this.home = home;
        }

        public Builder seed(Seed s) { seeds.add(s); return this; }
        public Builder model(String id) { return seed(Seed.model(id)); }
        public Builder dataset(String id) { return seed(Seed.dataset(id)); }
        public Builder space(String id) { return seed(Seed.space(id)); }
        public Builder author(String name) { return seed(Seed.author(name)); }
        public Builder lineageDepth(int v) { lineageDepth = v; return this; }
        public Builder descendants(boolean v) { descendants = v; return this; }
        public Builder endpoint(String v) { endpoint = v; return this; }
        public Builder tokenFile(Path v) { tokenFile = v; return this; }
        public Builder jobRepositoryUrl(String v) { jobRepositoryUrl = v; return this; }
        public Builder refresh(boolean v) { refresh = v; return this; }
        public Builder maxFilesPerRepo(int v) { maxFilesPerRepo = v; return this; }
        public Builder maxCommitsPerRepo(int v) { maxCommitsPerRepo = v; return this; }
        public Builder maxChildrenPerModel(int v) { maxChildrenPerModel = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder failAt(Long v) { failAt = v; return this; }
        /** Metadata only (for crawls without a scan step): no tree and no commit list per repo. */
        public Builder metadataOnly(boolean v) { metadataOnly = v; return this; }
        public Builder env(Function<String, String> v) { env = v; return this; }
        public Builder clock(HubClock v) { clock = v; return this; }
        public Builder log(HubLog v) { log = v; return this; }
        public Builder stateDir(Path v) { stateDir = v; return this; }
        public Builder token(HubToken v) { token = v; return this; }

        public CrawlOptions build() {
            return new CrawlOptions(seeds, lineageDepth, descendants, endpoint, tokenFile, jobRepositoryUrl, home,
                    refresh, maxFilesPerRepo, maxCommitsPerRepo, maxChildrenPerModel, batchSize, failAt, env, clock, log, stateDir, token,
                    metadataOnly);
        }
    }
}
