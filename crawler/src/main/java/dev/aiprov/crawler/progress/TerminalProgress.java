package dev.aiprov.crawler.progress;

import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlSummary;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar (repos done / known, rate, ETA) on a given stream, normally stderr. The
 * total grows while lineage is discovered, so the ETA is a lower bound.
 */
public final class TerminalProgress implements CrawlListener {
    private final PrintStream out;
    private ProgressBar bar;

    public TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(long done, long known) {
        bar = new ProgressBarBuilder().setTaskName("crawl").setInitialMax(Math.max(known, 1))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" repos", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(out)).build();
        bar.stepTo(done);
    }

    @Override
    public void progress(long done, long known) {
        if (bar != null) {
            bar.maxHint(Math.max(known, 1));
            bar.stepTo(done);
        }
    }

    @Override
    public void finished(CrawlSummary summary) {
        if (bar != null) {
            bar.setExtraMessage(summary.status().toLowerCase(java.util.Locale.ROOT));
            bar.close();
            bar = null;
        }
    }
}
