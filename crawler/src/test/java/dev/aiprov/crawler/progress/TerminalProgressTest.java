package dev.aiprov.crawler.progress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.job.CrawlSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    @Test
    void drawsReposDoneOutOfKnownOnTheGivenStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.started(2, 5);
        p.progress(4, 9);
        p.progress(9, 9);
        p.finished(new CrawlSummary(7, 0, 0, 0, 0, 0, 21, 0, Duration.ofSeconds(1), true, 1, "COMPLETED", null, null));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("crawl"), out);
        assertTrue(out.contains("9/9"), out);
        assertTrue(out.contains("repos"), out);
        assertTrue(out.contains("completed"), out);
    }
}
