package dev.aiprov.crawler.job.internal;

import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlSink;
import dev.aiprov.graph.CrawlRows;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes a batch to the graph (idempotent MERGEs, outside the JDBC transaction), then, in the chunk's
 * JDBC transaction, marks the batch done, adds the repos it discovered and records repo state. If
 * the chunk fails after the graph write, the restart re-writes the same rows: harmless.
 */
public final class CrawlWriter implements ItemWriter<List<RepoResult>>, StepExecutionListener {
    private final CrawlSink sink;
    private final Frontier frontier;
    private final String runKey;
    private final String graphKey;
    private final CrawlStats stats;
    private final CrawlListener listener;
    private Long failAt;
    private long writtenThisExecution;

    public CrawlWriter(CrawlSink sink, Frontier frontier, String runKey, String graphKey, CrawlStats stats,
                       CrawlListener listener) {
        this.sink = sink;
        this.frontier = frontier;
        this.runKey = runKey;
        this.graphKey = graphKey;
        this.stats = stats;
        this.listener = listener;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        failAt = stepExecution.getJobParameters().getLong("failAt");
        writtenThisExecution = 0;
    }

    @Override
    public void write(Chunk<? extends List<RepoResult>> chunk) {
        List<RepoResult> results = new ArrayList<>();
        chunk.forEach(results::addAll);
        List<CrawlRows.Repo> repos = new ArrayList<>();
        List<CrawlRows.Rename> renames = new ArrayList<>();
        List<CrawlRows.Lineage> lineage = new ArrayList<>();
        List<CrawlRows.TrainedOn> trainedOn = new ArrayList<>();
        List<CrawlRows.Uses> uses = new ArrayList<>();
        List<CrawlRows.Revision> revisions = new ArrayList<>();
        List<CrawlRows.File> files = new ArrayList<>();
        for (RepoResult r : results) {
            repos.addAll(r.repos());
            if (!r.canonicalId().equals(r.item().id())) {
                renames.add(new CrawlRows.Rename(r.item().type(), r.item().id(), r.canonicalId()));
            }
            lineage.addAll(r.lineage());
            trainedOn.addAll(r.trainedOn());
            uses.addAll(r.uses());
            revisions.addAll(r.revisions());
            files.addAll(r.files());
        }
        sink.write(new CrawlRows.Batch(repos, renames, lineage, trainedOn, uses, revisions, files));
        if (failAt != null && writtenThisExecution + results.size() >= failAt) {
            throw new IllegalStateException("failAt=" + failAt + ": forced failure after writing to the graph");
        }
        writtenThisExecution += results.size();

        List<FrontierItem> done = new ArrayList<>();
        List<FrontierItem> discovered = new ArrayList<>();
        List<FrontierItem> aliases = new ArrayList<>();
        for (RepoResult r : results) {
            done.add(r.item());
            discovered.addAll(r.discovered());
            if (!r.canonicalId().equals(r.item().id())) {
                aliases.add(FrontierItem.discovered(r.item().type(), r.canonicalId(), r.item().depth(), r.item().direction()));
            }
            if (r.stateSha() != null) {
                frontier.saveState(graphKey, r.item().type(), r.canonicalId(),
                        new Frontier.RepoState(r.stateSha(), r.hasAdapter(), r.adapterBase()));
            }
        }
        frontier.markDone(runKey, done);
        frontier.addIfAbsent(runKey, aliases, Frontier.DONE);
        frontier.addIfAbsent(runKey, discovered, Frontier.PENDING);

        for (RepoResult r : results) {
            stats.repos.incrementAndGet();
            String status = r.status();
            if (!"ok".equals(status) && !"error".equals(status)) {
                stats.unavailable.incrementAndGet();
            }
            if ("error".equals(status)) {
                stats.failedRepos.incrementAndGet();
            }
            stats.errors.addAndGet(r.errors());
            if (r.unchanged()) {
                stats.unchanged.incrementAndGet();
            }
            listener.repoDone(r.item().type(), r.item().id(), status);
        }
        stats.files.addAndGet(files.size());
        stats.revisions.addAndGet(revisions.size());
        listener.progress(frontier.count(runKey, Frontier.DONE), frontier.count(runKey, null));
    }
}
