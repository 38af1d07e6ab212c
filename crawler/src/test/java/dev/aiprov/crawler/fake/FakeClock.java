package dev.aiprov.crawler.fake;

import dev.aiprov.crawler.hub.HubClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock whose sleeps return at once and advance time; records every sleep. */
public final class FakeClock implements HubClock {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nowMillis() {
        return now.get();
    }

    @Override
    public void sleep(long millis) {
        sleeps.add(millis);
        now.addAndGet(millis);
    }

    public List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
