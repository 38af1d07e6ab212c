package dev.aiprov.crawler.job;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import java.util.List;

/** Where crawl rows go: the graph's {@link CrawlStore} in production. Writes must be idempotent. */
public interface CrawlSink {
    void upsertRepos(List<CrawlRows.Repo> rows);

    void upsertLineage(List<CrawlRows.Lineage> rows);

    void upsertTrainedOn(List<CrawlRows.TrainedOn> rows);

    void upsertUses(List<CrawlRows.Uses> rows);

    void upsertRevisions(List<CrawlRows.Revision> rows);

    void upsertFiles(List<CrawlRows.File> rows);

    static CrawlSink of(CrawlStore store) {
        return new CrawlSink() {
            @Override
            public void upsertRepos(List<CrawlRows.Repo> rows) {
                store.upsertRepos(rows);
            }

            @Override
            public void upsertLineage(List<CrawlRows.Lineage> rows) {
                store.upsertLineage(rows);
            }

            @Override
            public void upsertTrainedOn(List<CrawlRows.TrainedOn> rows) {
                store.upsertTrainedOn(rows);
            }

            @Override
            public void upsertUses(List<CrawlRows.Uses> rows) {
                store.upsertUses(rows);
            }

            @Override
            public void upsertRevisions(List<CrawlRows.Revision> rows) {
                store.upsertRevisions(rows);
            }

            @Override
            public void upsertFiles(List<CrawlRows.File> rows) {
                store.upsertFiles(rows);
            }
        };
    }
}
