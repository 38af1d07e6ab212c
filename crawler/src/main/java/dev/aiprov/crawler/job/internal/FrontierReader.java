package dev.aiprov.crawler.job.internal;

import java.util.List;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the pending repos of a run as batches. Keeps no state of its own: the frontier table is the
 * checkpoint (a batch that did not commit is still PENDING on restart).
 */
public final class FrontierReader implements ItemReader<FrontierBatch> {
    private final Frontier frontier;
    private final String runKey;
    private final int batchSize;
    private long lastSeq = -1;

    public FrontierReader(Frontier frontier, String runKey, int batchSize) {
        this.frontier = frontier;
        this.runKey = runKey;
        this.batchSize = batchSize;
    }

    @Override
    public FrontierBatch read() {
        List<FrontierItem> items = frontier.pending(runKey, lastSeq, batchSize);
        if (items.isEmpty()) {
            // rows a later batch marked done were skipped by seq; look once more from the start
            items = lastSeq < 0 ? items : frontier.pending(runKey, -1, batchSize);
            if (items.isEmpty()) {
                return null;
            }
        }
        lastSeq = items.get(items.size() - 1).seq();
        return new FrontierBatch(items);
    }
}
