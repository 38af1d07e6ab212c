package dev.aiprov.crawler.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.function.Consumer;
import org.springframework.scheduling.support.CronExpression;

/**
 * Runs a job on a cron schedule, one run at a time, in the calling thread: sleeps until the next fire
 * time (computed by Spring's {@link CronExpression} from the clock), runs, and goes on. A run that
 * throws is reported and the schedule continues; a run that takes longer than the interval skips the
 * fire times it missed. {@link #stop()} (e.g. from a SIGTERM handler, see {@link StopSignals}) ends the
 * loop after the current run, or at once while it sleeps. Clock and sleeper are injectable for tests.
 */
public final class CrawlScheduler {
    /** How long one sleep lasts at most, so that a stop request is seen quickly. */
    public static final Duration SLICE = Duration.ofSeconds(1);

    /** Sleeps; may be interrupted. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper SYSTEM = d -> Thread.sleep(Math.max(1, d.toMillis()));
    }

    /** A scheduled job. */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    /** What the loop did. */
    public record Outcome(int runs, int failures, boolean stopped) {
    }

    private final CronExpression cron;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private volatile boolean stopRequested;
    private volatile Thread loopThread;

    public CrawlScheduler(CronExpression cron, Clock clock, Sleeper sleeper, Consumer<String> log) {
        this.cron = cron;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /**
     * Parses a schedule: a Spring 6-field expression ({@code sec min hour dom month dow}), a classic
     * 5-field cron line ({@code min hour dom month dow}, run at second 0), or a macro ({@code @daily},
     * {@code @hourly}, …). Throws {@link IllegalArgumentException} with the reason.
     */
    public static CronExpression parse(String schedule) {
        String s = schedule == null ? "" : schedule.strip();
        if (!s.startsWith("@") && s.split("\\s+").length == 5) {
            s = "0 " + s;
        }
        try {
            return CronExpression.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --schedule '" + schedule + "': " + e.getMessage());
        }
    }

    /** The next fire time strictly after {@code now}, or null if there is none. */
    public ZonedDateTime next(ZonedDateTime now) {
        return cron.next(now);
    }

    /** Runs {@code job} at every fire time until {@link #stop()}, or {@code maxRuns} runs (0: no limit). */
    public Outcome run(Job job, int maxRuns) {
        loopThread = Thread.currentThread();
        int runs = 0;
        int failures = 0;
        try {
            while (!stopRequested) {
                ZonedDateTime now = ZonedDateTime.now(clock);
                ZonedDateTime next = cron.next(now);
                if (next == null) {
                    log.accept("schedule: no further fire time");
                    break;
                }
                log.accept("schedule: next crawl at " + next.toOffsetDateTime());
                if (!sleepUntil(next)) break;
                runs++;
                try {
                    job.run();
                } catch (Exception e) {
                    failures++;
                    log.accept("schedule: run " + runs + " failed (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the schedule goes on");
                }
                if (maxRuns > 0 && runs >= maxRuns) break;
            }
        } finally {
            loopThread = null;
        }
        return new Outcome(runs, failures, stopRequested);
    }

    /**
     * Asks the loop to end: at once when sleeping, after the current run otherwise. Returns true when
     * the loop was not running a job (it ends at once).
     */
    public boolean stop() {
        stopRequested = true;
        Thread t = loopThread;
        boolean idle = t == null || sleeping;
        if (t != null && sleeping) t.interrupt();
        return idle;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    private volatile boolean sleeping;

    /** False when a stop was requested while sleeping. */
    private boolean sleepUntil(ZonedDateTime next) {
        sleeping = true;
        try {
            while (!stopRequested) {
                Duration left = Duration.between(ZonedDateTime.now(clock), next);
                if (left.isZero() || left.isNegative()) return true;
                try {
                    sleeper.sleep(left.compareTo(SLICE) > 0 ? SLICE : left);
                } catch (InterruptedException e) {
                    if (stopRequested) return false;
                }
            }
            return false;
        } finally {
            sleeping = false;
            Thread.interrupted();   // a late interrupt must not hit the crawl
        }
    }
}
