package dev.aiprov.crawler.job;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;

/**
 * Where a chunk's rows go: {@link CrawlStore#upsertAll} (one graph transaction per chunk) in
 * production. Writes must be idempotent: a chunk re-run after a failure writes the same rows again.
 */
@FunctionalInterface
public interface CrawlSink {
    void write(CrawlRows.Batch batch);

    static CrawlSink of(CrawlStore store) {
        return store::upsertAll;
    }
}
