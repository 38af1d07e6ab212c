package dev.aiprov.crawler.job.internal;

import java.util.List;

/**
 * The unit of a chunk: the pending repos read at once. A chunk is one batch, so the next batch is
 * read only after the previous one (and the repos it discovered) committed; the step ends exactly
 * when no repo is pending.
 */
public record FrontierBatch(List<FrontierItem> items) {
    public FrontierBatch {
        items = List.copyOf(items);
    }
}
