package dev.aiprov.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * The local record, {@code events.jsonl}: JSON lines appended through one buffer per command (bulk
 * per-file events are flushed in batches, every other event at once, all on {@link #close}), and kept
 * within its {@link Caps}: when the file outgrows {@code maxBytes} or its oldest event is older than
 * {@code maxAge}, it is compacted to the newest events that fit in half the size and are within the
 * age, and what was dropped is counted in {@code events.rotated.json} for {@code aiprov events} to say.
 * Not safe against two processes compacting at the same moment (one of them may lose its last batch).
 */
public final class EventRecord implements EventSink {
    public static final String STATE_FILE = "events.rotated.json";
    /** Event types written in bulk (one per file, one per finding): buffered, not flushed one by one. */
    private static final Set<String> BULK = Set.of(Ocsf.Type.FILE_SCANNED.code, Ocsf.Type.FINDING.code);
    private static final int BUFFER = 1 << 16;

    /** How large and how old the record may grow. */
    public record Caps(long maxBytes, Duration maxAge) {
        public static final Caps DEFAULT = new Caps(64L << 20, Duration.ofDays(180));
        public static final String MAX_MB_ENV = "AIPROV_EVENTS_MAX_MB";
        public static final String MAX_DAYS_ENV = "AIPROV_EVENTS_MAX_DAYS";

        public Caps {
            if (maxBytes < 4096) throw new IllegalArgumentException("the event record needs at least 4 KiB");
            if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("the event record's age cap must be positive");
        }

        /** {@code AIPROV_EVENTS_MAX_MB} and {@code AIPROV_EVENTS_MAX_DAYS}, else the defaults; a bad value is an {@link IllegalArgumentException}. */
        public static Caps from(Map<String, String> env) {
            long bytes = DEFAULT.maxBytes;
            Duration age = DEFAULT.maxAge;
            String mb = env.get(MAX_MB_ENV);
            String days = env.get(MAX_DAYS_ENV);
            try {
                if (mb != null && !mb.isBlank()) bytes = Math.multiplyExact(Long.parseLong(mb.strip()), 1L << 20);
                if (days != null && !days.isBlank()) age = Duration.ofDays(Long.parseLong(days.strip()));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(MAX_MB_ENV + " and " + MAX_DAYS_ENV + " must be whole numbers");
            }
            if (bytes < 1L << 20 || age.toDays() < 1) {
                throw new IllegalArgumentException(MAX_MB_ENV + " and " + MAX_DAYS_ENV + " must be at least 1");
            }
            return new Caps(bytes, age);
        }
    }

    /** What compaction has dropped so far: {@code count} events, all older than {@code before}. */
    public record Rotated(long count, Instant before, Instant at) {
    }

    private final Path file;
    private final Caps caps;
    private OutputStream out;
    private long size;

    public EventRecord(Path file, Caps caps) {
        this.file = file;
        this.caps = caps;
    }

    @Override
    public synchronized void send(String json, int severityId, String type) throws IOException {
        if (out == null) open();
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        size += line.length;
        if (!BULK.contains(type)) out.flush();
        if (size > caps.maxBytes) {
            out.close();
            out = null;
            compact(Instant.now());
        }
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        size = Files.exists(file) ? Files.size(file) : 0;
        if (size > caps.maxBytes || tooOld(Instant.now())) compact(Instant.now());
        out = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), BUFFER);
    }

    /** True when the first event is older than the age cap (read from the first line only). */
    private boolean tooOld(Instant now) throws IOException {
        if (size == 0) return false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(EventReader.MAX_LINE);
            int nl = 0;
            while (nl < head.length && head[nl] != '\n') nl++;
            long t = time(new String(head, 0, nl, StandardCharsets.UTF_8));
            return t < 0 || t < now.minus(caps.maxAge).toEpochMilli();
        }
    }

    /** Keeps the newest events within half the size cap and within the age cap; counts the rest. */
    synchronized void compact(Instant now) throws IOException {
        long cutoff = now.minus(caps.maxAge).toEpochMilli();
        long budget = caps.maxBytes / 2;
        Deque<String> kept = new ArrayDeque<>();
        long keptBytes = 0, dropped = 0, newestDropped = Long.MIN_VALUE;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                long t = line.length() > EventReader.MAX_LINE ? -1 : time(line);
                if (t < cutoff) {
                    dropped++;
                    newestDropped = Math.max(newestDropped, t);
                    continue;
                }
                kept.addLast(line);
                keptBytes += line.length() + 1;
                while (keptBytes > budget && !kept.isEmpty()) {
                    String old = kept.removeFirst();
                    keptBytes -= old.length() + 1;
                    dropped++;
                    newestDropped = Math.max(newestDropped, time(old));
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (String line : kept) w.write(line + "\n");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        size = Files.size(file);
        if (dropped > 0) {
            Rotated before = rotated(file.getParent());
            long total = dropped + (before == null ? 0 : before.count());
            long until = Math.max(newestDropped, before == null ? Long.MIN_VALUE : before.before().toEpochMilli());
            ObjectNode s = Ocsf.JSON.createObjectNode();
            s.put("rotated", total);
            s.put("before", Math.max(0, until));
            s.put("at", now.toEpochMilli());
            s.put("max_bytes", caps.maxBytes);
            s.put("max_age_days", caps.maxAge.toDays());
            Files.writeString(file.resolveSibling(STATE_FILE), Ocsf.JSON.writeValueAsString(s) + "\n", StandardCharsets.UTF_8);
        }
    }

    /** What was rotated out of the record in {@code dir}, or null when nothing was. */
    public static Rotated rotated(Path dir) {
        try {
            JsonNode s = Ocsf.JSON.readTree(Files.readString(dir.resolve(STATE_FILE), StandardCharsets.UTF_8));
            long n = s.path("rotated").asLong(0);
            if (n <= 0) return null;
            return new Rotated(n, Instant.ofEpochMilli(s.path("before").asLong(0)), Instant.ofEpochMilli(s.path("at").asLong(0)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long time(String line) {
        try {
            JsonNode e = Ocsf.JSON.readTree(line);
            return e.isObject() && e.path("time").canConvertToLong() ? e.path("time").asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String describe() {
        return "local record " + file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) out.close();
        out = null;
    }
}
