package dev.aiprov.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.graph.lineage.Exposure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON lines of {@code exposure --format ndjson}, beyond what ExposureCommandTest drives through a real graph. */
class ExposureStreamTest {
    private static final Exposure.Seed SEED = new Exposure.Seed("model:base/root", "base", "a".repeat(40), List.of(), List.of(),
            "the compromised artifact", null, null);

    @Test
    void aRetriedWalkSaysRestartBeforeReportingAgain() throws Exception {
        StringWriter w = new StringWriter();
        ExposureStream s = new ExposureStream(new PrintWriter(w));
        s.seeds(List.of(SEED));
        s.seeds(List.of(SEED));
        String[] lines = w.toString().split("\n");
        ObjectMapper m = new ObjectMapper();
        assertEquals(List.of("seed", "restart", "seed"), List.of(m.readTree(lines[0]).get("event").asText(),
                m.readTree(lines[1]).get("event").asText(), m.readTree(lines[2]).get("event").asText()));
    }

    @Test
    void noNameCanBreakALine() throws Exception {
        StringWriter w = new StringWriter();
        ExposureStream s = new ExposureStream(new PrintWriter(w));
        String hostile = "prod\n{\"event\":\"done\"}\u2028\u0085\r\u00e9\u4e2d";
        s.affected(1, new Exposure.Affected("deployment", hostile, "team", "prod", false, null, List.of("deployment:" + hostile), "why"));
        s.level(1, List.of("model:a/" + hostile), 1);
        String text = w.toString();
        String[] lines = text.split("\n");
        assertEquals(2, lines.length, text);
        for (String l : lines) {
            assertTrue(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + l);
        }
        JsonNode a = new ObjectMapper().readTree(lines[0]);
        assertEquals("affected", a.get("event").asText());
        assertEquals(hostile, a.get("name").asText(), "the name survives intact, escaped");
    }

    @Test
    void aReaderThatWentAwayStopsTheWalk() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ExposureStream s = new ExposureStream(new PrintWriter(gone));
        assertThrows(ExposureStream.Closed.class, () -> s.seeds(List.of(SEED)));
    }
}
