package dev.aiprov.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local record stays within its caps, keeps the newest events, says what it dropped, and batches bulk writes. */
class EventRecordTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    static void scanOf(EventLog log, int files, Instant at) {
        for (int i = 0; i < files; i++) {
            log.emit(Ocsf.fileScanned(at, "file:f" + i, "models/f" + i + ".bin", null, true, null, "pickle", 0));
        }
    }

    @Test
    void theRecordIsCappedBySizeAndKeepsTheNewestEvents() throws Exception {
        EventRecord.Caps caps = new EventRecord.Caps(64 << 10, Duration.ofDays(30));
        Instant now = Instant.now();
        for (int run = 0; run < 5; run++) {
            try (EventLog log = EventLog.open(dir, caps, List.of(), warnings::add)) {
                scanOf(log, 300, now);
                log.emit(Ocsf.scanRun(Ocsf.Type.SCAN, true, now, now, "run " + run, 300, 0, "scan run " + run, null));
            }
            assertTrue(Files.size(dir.resolve(EventReader.FILE_NAME)) <= caps.maxBytes(), "run " + run);
        }
        List<JsonNode> events = EventReader.read(dir.resolve(EventReader.FILE_NAME), null, null);
        assertEquals("scan run 4", events.get(events.size() - 1).path("message").asText(), "the newest event is kept");
        EventRecord.Rotated rotated = EventRecord.rotated(dir);
        assertNotNull(rotated);
        assertEquals(5 * 301 - events.size(), rotated.count(), "every dropped event is counted");
        assertEquals(List.of(), warnings);
    }

    @Test
    void eventsOlderThanTheAgeCapAreRotatedOutWhenTheRecordIsOpened() throws Exception {
        EventRecord.Caps caps = new EventRecord.Caps(1 << 20, Duration.ofDays(30));
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        try (EventLog log = EventLog.open(dir, caps, List.of(), warnings::add)) {
            scanOf(log, 10, old);
        }
        assertNull(EventRecord.rotated(dir));
        try (EventLog log = EventLog.open(dir, caps, List.of(), warnings::add)) {
            scanOf(log, 2, Instant.now());
        }
        assertEquals(2, EventReader.read(dir.resolve(EventReader.FILE_NAME), null, null).size());
        EventRecord.Rotated rotated = EventRecord.rotated(dir);
        assertEquals(10, rotated.count());
        assertEquals(old, rotated.before());
    }

    @Test
    void perFileEventsAreWrittenInBatchesAndOtherEventsAtOnce() throws Exception {
        Path file = dir.resolve(EventReader.FILE_NAME);
        try (EventLog log = EventLog.open(dir, EventRecord.Caps.DEFAULT, List.of(), warnings::add)) {
            scanOf(log, 50, Instant.now());
            assertFalse(Files.exists(file) && Files.size(file) > 0, "50 small per-file events still sit in the buffer");
            log.emit(Ocsf.alert("a1", "MOVED_REVISION", "high", "main moved", Instant.now(), "model:org/x", null, null));
            assertEquals(51, Files.readAllLines(file).size(), "an alert is flushed at once, with what was buffered before it");
            scanOf(log, 5, Instant.now());
        }
        assertEquals(56, Files.readAllLines(file).size());
    }

    @Test
    void theCapsComeFromTheEnvironmentAndBadValuesAreRefused() {
        assertEquals(EventRecord.Caps.DEFAULT, EventRecord.Caps.from(java.util.Map.of()));
        EventRecord.Caps c = EventRecord.Caps.from(java.util.Map.of("AIPROV_EVENTS_MAX_MB", "8", "AIPROV_EVENTS_MAX_DAYS", "7"));
        assertEquals(8L << 20, c.maxBytes());
        assertEquals(Duration.ofDays(7), c.maxAge());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EventRecord.Caps.from(java.util.Map.of("AIPROV_EVENTS_MAX_MB", "lots")));
    }

    @Test
    void eventFieldsNeverCarryACredentialInClear() throws Exception {
        String token = "hf_" + "daVDxeNmANHFJSBHPjbfhZAaMHzDiXKiZB";
        try (EventLog log = EventLog.open(dir, EventRecord.Caps.DEFAULT, List.of(), warnings::add)) {
            log.emit(Ocsf.finding(Instant.now(), FindingEvent.of("k", "KERAS_TFSM_LAYER", "high", "TFSMLayer filepath=/mnt/" + token)
                    .at(null, "models/" + "config.json", "@0")));
            log.emit(Ocsf.fileScanned(Instant.now(), "file:x", "x.bin", null, false, "cannot read: " + token, "unknown", 0));
            log.emit(Ocsf.alert("a2", "NEW_FINDING", "high", "new finding", Instant.now(), "model:org/x", null,
                    java.util.Map.of("evidence", "location=https://u:" + token + "@h/w")));
        }
        String text = Files.readString(dir.resolve(EventReader.FILE_NAME), StandardCharsets.UTF_8);
        assertFalse(text.contains(token.substring(3)), text);
        assertTrue(text.contains("hf_…"), text);
    }
}
