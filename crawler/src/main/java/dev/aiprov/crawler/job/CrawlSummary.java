package dev.aiprov.crawler.job;

import java.time.Duration;

/**
 * What one {@link CrawlRunner#run} did (this process only; a resumed crawl counts from the resume).
 *
 * @param repos repos written to the graph (including unavailable ones)
 * @param unavailable repos recorded as gated, private, missing or disabled
 * @param errors repos or listings that failed after retries (recorded with status {@code error})
 * @param unchanged repos whose sha matched the previous crawl, so files and commits were not re-read
 * @param files file rows written
 * @param revisions revision rows written
 * @param requests HTTP exchanges, including retries and redirects
 * @param retries repeated exchanges after 408/429/5xx or transport failures
 * @param resumed whether this run resumed an unfinished crawl
 * @param jobExecutionId Spring Batch job execution id
 * @param status {@code COMPLETED}, or {@code FAILED}: the job failed (run again to resume), or it ran to its
 *               end without reading anything from the Hub ({@link #hubUnreachable()}; nothing to resume)
 * @param failure why it failed (first exception message, or {@link #UNREACHABLE}…), or null
 * @param scan what the scan step did, or null when the job had no scan step (or it did not run)
 */
public record CrawlSummary(long repos, long unavailable, long errors, long unchanged, long files, long revisions,
                           long requests, long retries, Duration elapsed, boolean resumed, long jobExecutionId,
                           String status, String failure, dev.aiprov.crawler.scan.ScanSummary scan) {
    /** The start of {@link #failure} when every read from the Hub failed after retries. */
    public static final String UNREACHABLE = "no repo could be read from the Hub";

    public boolean completed() {
        return "COMPLETED".equals(status);
    }

    /** Not a completed crawl: every read from the Hub failed after retries (down, 5xx, connections closed). */
    public boolean hubUnreachable() {
        return !completed() && failure != null && failure.startsWith(UNREACHABLE);
    }
}
