package dev.aiprov.crawler.job.internal;

import dev.aiprov.graph.CrawlRows;
import java.util.List;

/**
 * Everything one repo contributes: graph rows, repos to add to the frontier, and the state kept to
 * skip unchanged repos next time ({@code stateSha} null: keep no state). {@code canonicalId} differs
 * from the item's id when the Hub redirected a renamed repo.
 */
public record RepoResult(FrontierItem item, List<CrawlRows.Repo> repos, List<CrawlRows.Lineage> lineage,
                         List<CrawlRows.TrainedOn> trainedOn, List<CrawlRows.Uses> uses,
                         List<CrawlRows.Revision> revisions, List<CrawlRows.File> files,
                         List<FrontierItem> discovered, String canonicalId, String stateSha, boolean hasAdapter,
                         String adapterBase, boolean unchanged, int errors) {

    /** The status of the repo this item names (its first row). */
    public String status() {
        return repos.get(0).status();
    }
}
