package dev.aiprov.cli;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.EventRecord;
import dev.aiprov.events.Ocsf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsRotationCommandTest {
    @TempDir
    Path dir;

    @Test
    void eventsSaysWhenOlderEventsWereRotatedOut() {
        Path graph = dir.resolve("graph");
        Path events = dir.resolve("events");   // the record beside the embedded graph
        CliRun before = CliRun.of("--graph", graph.toString(), "events");
        assertEquals(0, before.exit());
        assertFalse(before.err().contains("rotated"), before.err());
        EventRecord.Caps caps = new EventRecord.Caps(16 << 10, Duration.ofDays(30));
        try (EventLog log = EventLog.open(events, caps, List.of(), m -> { })) {
            for (int i = 0; i < 200; i++) {
                log.emit(Ocsf.fileScanned(Instant.now(), "file:f" + i, "f" + i, null, true, null, "pickle", 0));
            }
        }
        CliRun r = CliRun.of("--graph", graph.toString(), "events", "--type", "file_scanned");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().matches("(?s)aiprov: \\d+ older events were rotated out of the local record .*"), r.err());
        assertTrue(r.out().contains("judged f199: 0 findings"), "the newest event is kept");
    }
}
