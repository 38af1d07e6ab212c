package dev.aiprov.crawler.progress;

import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Crawl progress (repos done / known, rate) on a given stream, normally stderr. On a terminal, a bar
 * redrawn in place (the total grows while lineage is discovered, so the ETA is a lower bound); in a
 * log (stderr not a terminal: CI, cron, systemd) plain lines instead, one at the start, at most one per
 * {@link #LOG_INTERVAL_NANOS}, and one at the end. Either way the output ends with a newline before the
 * summary is printed.
 */
public final class TerminalProgress implements CrawlListener {
    /** Shortest time between two progress lines in a log. */
    public static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private ProgressBar bar;
    private LineEndingConsumer consumer;
    private long startNanos;
    private long startDone;
    private long lastLine;
    private long done;
    private long known;

    /** A bar when stderr is a terminal, plain lines otherwise. */
    public TerminalProgress(PrintStream out) {
        this(out, stderrIsTerminal(), System::nanoTime);
    }

    public TerminalProgress(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
    }

    @Override
    public void started(long done, long known) {
        this.done = done;
        this.known = known;
        startDone = done;
        startNanos = nanos.getAsLong();
        lastLine = startNanos;
        if (!terminal) {
            out.println("crawl: " + (done > 0 ? "resuming at " : "started, ") + done + "/" + known + " repos");
            out.flush();
            return;
        }
        bar = new ProgressBarBuilder().setTaskName("crawl").setInitialMax(Math.max(known, 1))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" repos", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250).setConsumer(consumer = new LineEndingConsumer(out)).build();
        bar.stepTo(done);
    }

    @Override
    public void progress(long done, long known) {
        this.done = done;
        this.known = known;
        if (bar != null) {
            bar.maxHint(Math.max(known, 1));
            bar.stepTo(done);
        } else if (!terminal && nanos.getAsLong() - lastLine >= LOG_INTERVAL_NANOS) {
            lastLine = nanos.getAsLong();
            out.println("crawl: " + done + "/" + known + " repos, " + rate() + " repos/s");
            out.flush();
        }
    }

    @Override
    public void finished(CrawlSummary summary) {
        String status = summary.status().toLowerCase(Locale.ROOT);
        if (bar != null) {
            bar.setExtraMessage(" " + status);
            bar.close();   // draws the last frame; ends the line only when it had drawn one before
            bar = null;
            if (!consumer.closed) out.println();
        } else if (!terminal) {
            out.println("crawl: " + done + "/" + known + " repos, " + rate() + " repos/s, " + status);
        }
        out.flush();
    }

    /** Records whether the bar ended its line (it does not when closed before its first scheduled frame). */
    private static final class LineEndingConsumer extends ConsoleProgressBarConsumer {
        volatile boolean closed;

        LineEndingConsumer(PrintStream out) {
            super(out);
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }

    private String rate() {
        double seconds = Math.max(1e-3, (nanos.getAsLong() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%.1f", (done - startDone) / seconds);
    }

    /**
     * Whether stderr is a terminal: not when there is no console (Java 17: stdin or stdout redirected)
     * or {@code TERM=dumb}, and on Linux not when {@code /proc/self/fd/2} points elsewhere than a tty.
     */
    public static boolean stderrIsTerminal() {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) return false;
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }
}
