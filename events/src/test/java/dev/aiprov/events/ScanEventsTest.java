package dev.aiprov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanEventsTest {
    @TempDir
    Path dir;

    @Test
    void aScanRecordsFilesWithFindingsOrNotJudgedEachFindingAndARunCountingEveryFile() throws Exception {
        List<FileResult> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(new FileResult("clean" + i + ".pkl", "pickle", "00", 10, List.of(), null));
        }
        Finding f = Finding.of(Rule.PICKLE_MALFORMED, "bad opcode", Location.at(3), null);
        results.add(new FileResult("bad.pkl", "pickle", "11", 10, List.of(f, f), null));
        results.add(new FileResult("broken.bin", "unknown", null, 0, List.of(), "cannot read: gone"));
        List<String> warnings = new ArrayList<>();
        ScanEvents.emit(EventLog.open(dir, List.of(), warnings::add), results);

        Path record = dir.resolve(EventReader.FILE_NAME);
        List<JsonNode> files = EventReader.read(record, null, Ocsf.Type.FILE_SCANNED);
        assertEquals(List.of("bad.pkl", "broken.bin"), files.stream().map(e -> e.path("file").path("path").asText()).toList());
        assertEquals(2, EventReader.read(record, null, Ocsf.Type.FINDING).size());
        List<JsonNode> runs = EventReader.read(record, null, Ocsf.Type.SCAN);
        assertEquals(1, runs.size());
        assertEquals(52, runs.get(0).path("num_files").asInt());
        assertEquals(2, runs.get(0).path("num_detections").asInt());
        assertEquals("scan: 52 files, 2 findings, 1 not judged", runs.get(0).path("message").asText());
        assertEquals(List.of(), warnings);
    }
}
