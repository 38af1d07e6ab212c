package dev.aiprov.crawler.hub;

import java.util.concurrent.atomic.AtomicLong;

/** Request counters of one {@link HubClient}, shared by its interceptors. Thread-safe. */
public final class HubStats {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong waitedMillis = new AtomicLong();

    /** HTTP exchanges attempted, including retries and redirect hops. */
    public long requests() {
        return requests.get();
    }

    /** Attempts repeated after a 408/429/5xx or a transport failure. */
    public long retries() {
        return retries.get();
    }

    /** Total backoff and rate-limit wait asked of the clock. */
    public long waitedMillis() {
        return waitedMillis.get();
    }

    public void countRequest() {
        requests.incrementAndGet();
    }

    public void countRetry() {
        retries.incrementAndGet();
    }

    public void countWait(long millis) {
        waitedMillis.addAndGet(millis);
    }
}
