package dev.aiprov.crawler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlSchedulerTest {
    /** A clock that only moves when the scheduler sleeps (or a run takes time). */
    static final class FakeTime extends Clock {
        Instant now;

        FakeTime(String start) {
            now = Instant.parse(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeTime time = new FakeTime("2026-11-01T10:17:00Z");
    private final List<String> log = new ArrayList<>();
    private final List<Instant> runs = new ArrayList<>();

    private CrawlScheduler scheduler(String cron) {
        return new CrawlScheduler(CrawlScheduler.parse(cron), time, d -> time.now = time.now.plus(d), log::add);
    }

    @Test
    void runsAtEachFireTimeOfAFiveFieldCronLine() {
        CrawlScheduler s = scheduler("30 2 * * *");
        CrawlScheduler.Outcome o = s.run(() -> runs.add(time.instant()), 3);
        assertEquals(List.of(Instant.parse("2026-11-02T02:30:00Z"), Instant.parse("2026-11-03T02:30:00Z"),
                Instant.parse("2026-11-04T02:30:00Z")), runs);
        assertEquals(new CrawlScheduler.Outcome(3, 0, false), o);
    }

    @Test
    void aFailedRunDoesNotStopTheSchedule() {
        CrawlScheduler s = scheduler("@hourly");
        CrawlScheduler.Outcome o = s.run(() -> {
            runs.add(time.instant());
            if (runs.size() == 1) throw new IllegalStateException("Hub unreachable");
        }, 3);
        assertEquals(3, runs.size());
        assertEquals(Instant.parse("2026-11-01T12:00:00Z"), runs.get(1));
        assertEquals(1, o.failures());
        assertTrue(log.stream().anyMatch(l -> l.contains("run 1 failed (IllegalStateException: Hub unreachable)")), log.toString());
    }

    @Test
    void aStopRequestEndsTheLoopAfterTheCurrentRun() {
        CrawlScheduler s = scheduler("0 */15 * * * *");
        CrawlScheduler.Outcome o = s.run(() -> {
            runs.add(time.instant());
            if (runs.size() == 2) s.stop();
        }, 0);
        assertEquals(List.of(Instant.parse("2026-11-01T10:30:00Z"), Instant.parse("2026-11-01T10:45:00Z")), runs);
        assertEquals(new CrawlScheduler.Outcome(2, 0, true), o);
    }

    @Test
    void aStopRequestWhileSleepingEndsTheLoopWithoutARun() {
        CrawlScheduler[] ref = new CrawlScheduler[1];
        int[] sleeps = {0};
        ref[0] = new CrawlScheduler(CrawlScheduler.parse("@daily"), time, d -> {
            time.now = time.now.plus(d);
            if (++sleeps[0] == 5) ref[0].stop();
        }, log::add);
        CrawlScheduler.Outcome o = ref[0].run(() -> runs.add(time.instant()), 0);
        assertEquals(0, o.runs());
        assertTrue(o.stopped());
        assertEquals(5, sleeps[0]);
        assertTrue(runs.isEmpty());
    }

    @Test
    void aRunLongerThanTheIntervalSkipsTheMissedFireTimes() {
        CrawlScheduler s = scheduler("@hourly");
        s.run(() -> {
            runs.add(time.instant());
            time.now = time.now.plus(Duration.ofMinutes(150));
        }, 2);
        assertEquals(List.of(Instant.parse("2026-11-01T11:00:00Z"), Instant.parse("2026-11-01T14:00:00Z")), runs);
    }

    @Test
    void aBadScheduleIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrawlScheduler.parse("every day"));
        assertTrue(e.getMessage().startsWith("bad --schedule 'every day'"), e.getMessage());
    }
}
