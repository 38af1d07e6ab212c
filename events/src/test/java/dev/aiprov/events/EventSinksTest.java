package dev.aiprov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSinksTest {
    static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) aiprov (\\d+) (\\S+) - (\\{.*})");
    static final String SECRET_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;
    @StartStop
    public final MockWebServer webhook = new MockWebServer();

    private final List<String> warnings = new ArrayList<>();

    static ObjectNode leak() {
        return Ocsf.finding(Instant.parse("2026-11-01T10:00:00Z"), FindingEvent.of("k1", "SECRET_HUGGINGFACE_TOKEN", "critical",
                "Hugging Face token").at("model:org/x", "train.py", "line 2").secret(SECRET_SHA, "hf_…abcd"));
    }

    static ObjectNode crawlRun() {
        return Ocsf.scanRun(Ocsf.Type.CRAWL, true, Instant.parse("2026-11-01T09:00:00Z"), Instant.parse("2026-11-01T09:05:00Z"),
                "model:org/x", 12, 1, "crawl completed", java.util.Map.of("repos", 3));
    }

    @Test
    void theLocalRecordHoldsOcsfEventsThatReadBackFilteredByTypeAndTime() throws Exception {
        try (EventLog log = EventLog.open(dir, List.of(), warnings::add)) {
            log.emit(crawlRun());
            log.emit(leak());
            log.emit(Ocsf.approval(Instant.parse("2026-11-02T00:00:00Z"), "f1", "approve", "model:org/x", "a".repeat(40),
                    "alice", "reviewed", null));
        }
        Path file = dir.resolve(EventReader.FILE_NAME);
        assertEquals(3, Files.readAllLines(file).size());
        JsonNode run = EventReader.read(file, null, Ocsf.Type.CRAWL).get(0);
        assertEquals(6007, run.get("class_uid").asInt());
        assertEquals(6, run.get("category_uid").asInt());
        assertEquals(600702, run.get("type_uid").asLong());
        assertEquals(Instant.parse("2026-11-01T09:05:00Z").toEpochMilli(), run.get("time").asLong());
        assertEquals("aiprov", run.path("metadata").path("product").path("vendor_name").asText());
        assertEquals(Ocsf.SCHEMA_VERSION, run.path("metadata").path("version").asText());
        JsonNode f = EventReader.read(file, null, Ocsf.Type.FINDING).get(0);
        assertEquals(200401, f.get("type_uid").asLong());
        assertEquals(5, f.get("severity_id").asInt());
        assertEquals("SECRET_HUGGINGFACE_TOKEN", f.path("finding_info").path("title").asText());
        assertEquals(SECRET_SHA, f.path("unmapped").path("secret_sha256").asText());
        JsonNode ap = EventReader.read(file, null, Ocsf.Type.APPROVAL).get(0);
        assertEquals(300401, ap.get("type_uid").asLong());
        assertEquals("alice", ap.path("actor").path("user").path("name").asText());
        assertEquals(2, EventReader.read(file, Instant.parse("2026-11-01T09:30:00Z"), null).size());
        Files.writeString(file, "not json\n{\"truncated\":\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(3, EventReader.read(file, null, null).size());
    }

    @Test
    void syslogOverUdpSendsOneRfc5424MessagePerEvent() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(10_000);
            EventSink sink = Sinks.parse("syslog+udp://127.0.0.1:" + receiver.getLocalPort(), null);
            try (EventLog log = new EventLog(List.of(sink), warnings::add)) {
                log.emit(leak());
                log.emit(crawlRun());
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
                receiver.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            Matcher m = RFC5424.matcher(got.get(0));
            assertTrue(m.matches(), got.get(0));
            assertEquals(16 * 8 + 2, Integer.parseInt(m.group(1)));   // local0, critical
            assertEquals("finding", m.group(5));
            assertEquals(SECRET_SHA, Ocsf.JSON.readTree(m.group(6)).path("unmapped").path("secret_sha256").asText());
            Matcher m2 = RFC5424.matcher(got.get(1));
            assertTrue(m2.matches(), got.get(1));
            assertEquals(16 * 8 + 6, Integer.parseInt(m2.group(1)));   // informational
            assertEquals("crawl", m2.group(5));
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void syslogOverTcpUsesOctetCountingFraming() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            EventSink sink = Sinks.parse("syslog+tcp://127.0.0.1:" + server.getLocalPort(), null);
            try (EventLog log = new EventLog(List.of(sink), warnings::add)) {
                log.emit(crawlRun());
                log.emit(leak());
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                in.transferTo(all);
            }
            byte[] b = all.toByteArray();
            List<String> frames = new ArrayList<>();
            int i = 0;
            while (i < b.length) {
                int sp = i;
                while (b[sp] != ' ') sp++;
                int len = Integer.parseInt(new String(b, i, sp - i, StandardCharsets.US_ASCII));
                frames.add(new String(b, sp + 1, len, StandardCharsets.UTF_8));
                i = sp + 1 + len;
            }
            assertEquals(2, frames.size());
            assertTrue(RFC5424.matcher(frames.get(0)).matches(), frames.get(0));
            Matcher m = RFC5424.matcher(frames.get(1));
            assertTrue(m.matches(), frames.get(1));
            assertEquals("finding", m.group(5));
        }
    }

    @Test
    void aWebhookReceivesEachEventAsAJsonPost() throws Exception {
        webhook.enqueue(new MockResponse.Builder().code(200).build());
        webhook.enqueue(new MockResponse.Builder().code(202).build());
        try (EventLog log = EventLog.open(dir, List.of(Sinks.parse(webhook.url("/hook").toString(), null)), warnings::add)) {
            log.emit(crawlRun());
            log.emit(leak());
        }
        RecordedRequest r1 = webhook.takeRequest(10, TimeUnit.SECONDS);
        RecordedRequest r2 = webhook.takeRequest(10, TimeUnit.SECONDS);
        assertEquals("POST", r1.getMethod());
        assertTrue(r1.getHeaders().get("Content-Type").startsWith("application/json"));
        assertEquals(6007, Ocsf.JSON.readTree(r1.getBody().utf8()).get("class_uid").asInt());
        assertEquals(2004, Ocsf.JSON.readTree(r2.getBody().utf8()).get("class_uid").asInt());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aFailingWebhookIsReportedOnceAndTheLocalRecordKeepsEveryEvent() throws Exception {
        for (int i = 0; i < 5; i++) webhook.enqueue(new MockResponse.Builder().code(503).build());
        try (EventLog log = EventLog.open(dir, List.of(Sinks.parse(webhook.url("/hook").toString(), null)), warnings::add)) {
            log.emit(crawlRun());
            log.emit(leak());
            log.emit(crawlRun());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("HTTP 503"), warnings.get(0));
        assertEquals(1, webhook.getRequestCount());
        assertEquals(3, EventReader.read(dir.resolve(EventReader.FILE_NAME), null, null).size());
    }

    @Test
    void sinkSpecsAreParsedAndBadOnesRefused() {
        StringWriter out = new StringWriter();
        EventSink stdout = Sinks.parse("stdout", new PrintWriter(out, true));
        assertEquals("stdout", stdout.describe());
        assertEquals("file:" + dir.resolve("e.jsonl"), Sinks.parse("file:" + dir.resolve("e.jsonl"), null).describe());
        assertThrows(IllegalArgumentException.class, () -> Sinks.parse("http://siem.example.com/hook", null));
        assertThrows(IllegalArgumentException.class, () -> Sinks.parse("syslog+udp://host", null));
        assertThrows(IllegalArgumentException.class, () -> Sinks.parse("kafka://x", null));
        assertThrows(IllegalArgumentException.class, () -> Sinks.parse("file:", null));
        assertFalse(Sinks.parse("https://user:pw@siem.example.com/hook", null).describe().contains("pw"));
    }
}
