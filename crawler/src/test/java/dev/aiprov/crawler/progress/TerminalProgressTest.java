package dev.aiprov.crawler.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.job.CrawlSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private static CrawlSummary summary(String status) {
        return new CrawlSummary(7, 0, 0, 0, 0, 0, 21, 0, Duration.ofSeconds(1), true, 1, status, null, null);
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void drawsReposDoneOutOfKnownOnATerminalAndEndsTheLineBeforeTheSummary() {
        TerminalProgress p = new TerminalProgress(stream, true, now::get);
        p.started(2, 5);
        p.progress(4, 9);
        p.progress(9, 9);
        p.finished(summary("COMPLETED"));
        stream.print("crawl completed in 1.0 s");   // what the command prints next, on a terminal the same screen
        String out = out();
        assertTrue(out.contains("crawl"), out);
        assertTrue(out.contains("9/9"), out);
        assertTrue(out.contains(" completed\ncrawl completed"), out);
        assertFalse(out.contains("/scompleted"), out);
    }

    @Test
    void writesPlainPeriodicLinesWithoutCarriageReturnsWhenNotATerminal() {
        TerminalProgress p = new TerminalProgress(stream, false, now::get);
        p.started(0, 3);
        now.addAndGet(1_000_000_000L);
        p.progress(1, 5);   // within the interval: no line
        now.addAndGet(TerminalProgress.LOG_INTERVAL_NANOS);
        p.progress(4, 8);
        now.addAndGet(1_000_000_000L);
        p.progress(5, 8);   // within the interval again
        p.finished(summary("FAILED"));
        String out = out();
        assertFalse(out.contains("\r"), out);
        assertEquals(List.of("crawl: started, 0/3 repos", "crawl: 4/8 repos, 0.4 repos/s", "crawl: 5/8 repos, 0.4 repos/s, failed"),
                out.lines().toList());
        assertTrue(out.endsWith("\n"));
    }
}
