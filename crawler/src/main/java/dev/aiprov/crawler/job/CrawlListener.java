package dev.aiprov.crawler.job;

import dev.aiprov.graph.RepoType;

/** Crawl progress, called on the crawl thread after each committed chunk. */
public interface CrawlListener {
    CrawlListener NONE = new CrawlListener() {
    };

    /** Called once; {@code done}/{@code known} count repos of this crawl (a resume starts above zero). */
    default void started(long done, long known) {
    }

    /** A repo was written with {@code status} ({@code ok}, {@code gated}, ...). */
    default void repoDone(RepoType type, String id, String status) {
    }

    /** After each chunk: repos done and repos known so far (the frontier grows as lineage is found). */
    default void progress(long done, long known) {
    }

    default void finished(CrawlSummary summary) {
    }
}
