package dev.aiprov.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the local event record back: JSON lines, malformed or oversized lines skipped. */
public final class EventReader {
    public static final String FILE_NAME = "events.jsonl";
    /** Longest line read; longer ones are skipped. */
    public static final int MAX_LINE = 4 << 20;

    private EventReader() {
    }

    /** Events at or after {@code since} (null: all), of {@code type} (null: any), in file order. */
    public static List<JsonNode> read(Path file, Instant since, Ocsf.Type type) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.length() > MAX_LINE) continue;
                JsonNode e;
                try {
                    e = Ocsf.JSON.readTree(line);
                } catch (IOException bad) {
                    continue;
                }
                if (!e.isObject()) continue;
                if (since != null && e.path("time").asLong(0) < since.toEpochMilli()) continue;
                if (type != null && !type.code.equals(Ocsf.typeOf(e))) continue;
                out.add(e);
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
