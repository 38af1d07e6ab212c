package dev.aiprov.crawler.job.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one crawl run in this process. */
public final class CrawlStats {
    public final AtomicLong repos = new AtomicLong();
    public final AtomicLong unavailable = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    /** Repos whose own metadata could not be read (status {@code error}); each also counts in {@link #errors}. */
    public final AtomicLong failedRepos = new AtomicLong();
    public final AtomicLong unchanged = new AtomicLong();
    public final AtomicLong files = new AtomicLong();
    public final AtomicLong revisions = new AtomicLong();

    /** Reads failed and nothing was read: every repo (or author listing) failed after retries. */
    public boolean hubUnreachable() {
        return errors.get() > 0 && failedRepos.get() == repos.get();
    }
}
