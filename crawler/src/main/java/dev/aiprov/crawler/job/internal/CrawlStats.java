package dev.aiprov.crawler.job.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one crawl run in this process. */
public final class CrawlStats {
    public final AtomicLong repos = new AtomicLong();
    public final AtomicLong unavailable = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong unchanged = new AtomicLong();
    public final AtomicLong files = new AtomicLong();
    public final AtomicLong revisions = new AtomicLong();
}
