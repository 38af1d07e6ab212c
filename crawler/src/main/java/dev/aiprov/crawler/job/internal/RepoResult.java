package dev.aiprov.crawler.job.internal;

import dev.aiprov.graph.CrawlRows;
import java.util.List;

/**
 * Everything one repo contributes: graph rows, repos to add to the frontier, and the state kept to
 * skip unchanged repos next time ({@code stateSha} null: keep no state). {@code canonicalId} differs
 * from the item's id when the Hub redirected a renamed repo. Built with {@link #builder}.
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

    /** A result for {@code item} with no rows, nothing discovered, no state kept and no errors until set. */
    public static Builder builder(FrontierItem item) {
        return new Builder(item);
    }

    /** The one row of a repo whose metadata could not be read. */
    static RepoResult unavailable(FrontierItem item, CrawlRows.Repo row, int errors) {
        return builder(item).repos(List.of(row)).errors(errors).build();
    }

    /** Names each part of a {@link RepoResult} as it is set. */
    public static final class Builder {
        private final FrontierItem item;
        private List<CrawlRows.Repo> repos = List.of();
        private List<CrawlRows.Lineage> lineage = List.of();
        private List<CrawlRows.TrainedOn> trainedOn = List.of();
        private List<CrawlRows.Uses> uses = List.of();
        private List<CrawlRows.Revision> revisions = List.of();
        private List<CrawlRows.File> files = List.of();
        private List<FrontierItem> discovered = List.of();
        private String canonicalId;
        private String stateSha;
        private boolean hasAdapter;
        private String adapterBase;
        private boolean unchanged;
        private int errors;

        private Builder(FrontierItem item) {
            this.item = item;
            this.canonicalId = item.id();
        }

        public Builder repos(List<CrawlRows.Repo> v) {
            repos = v;
            return this;
        }

        public Builder lineage(List<CrawlRows.Lineage> v) {
            lineage = v;
            return this;
        }

        public Builder trainedOn(List<CrawlRows.TrainedOn> v) {
            trainedOn = v;
            return this;
        }

        public Builder uses(List<CrawlRows.Uses> v) {
            uses = v;
            return this;
        }

        public Builder revisions(List<CrawlRows.Revision> v) {
            revisions = v;
            return this;
        }

        public Builder files(List<CrawlRows.File> v) {
            files = v;
            return this;
        }

        /** Repos to add to the frontier. */
        public Builder discovered(List<FrontierItem> v) {
            discovered = v;
            return this;
        }

        /** The id the Hub answered with (defaults to the item's id). */
        public Builder canonicalId(String v) {
            canonicalId = v;
            return this;
        }

        /** The head to remember for skipping the repo next time; null keeps no state. */
        public Builder stateSha(String v) {
            stateSha = v;
            return this;
        }

        public Builder adapter(boolean has, String base) {
            hasAdapter = has;
            adapterBase = base;
            return this;
        }

        public Builder unchanged(boolean v) {
            unchanged = v;
            return this;
        }

        public Builder errors(int v) {
            errors = v;
            return this;
        }

        public RepoResult build() {
            return new RepoResult(item, repos, lineage, trainedOn, uses, revisions, files, discovered, canonicalId,
                    stateSha, hasAdapter, adapterBase, unchanged, errors);
        }
    }
}
