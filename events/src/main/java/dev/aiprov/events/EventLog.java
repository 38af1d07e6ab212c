package dev.aiprov.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Emits events to the local record (always) and to the chosen sinks. A sink that fails is reported
 * once through {@code warn} and not used again for this command; the command never fails because
 * of a sink. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    /** A log that records nothing (commands run without a home, tests). */
    public static final EventLog NONE = new EventLog(List.of(), s -> { });

    private final List<EventSink> sinks;
    private final Consumer<String> warn;
    private final Set<EventSink> failed = new HashSet<>();
    private long emitted;

    public EventLog(List<EventSink> sinks, Consumer<String> warn) {
        this.sinks = List.copyOf(sinks);
        this.warn = warn;
    }

    /** The local record under {@code dir} ({@code events.jsonl}) plus {@code sinks}. */
    public static EventLog open(Path dir, List<EventSink> sinks, Consumer<String> warn) {
        EventRecord.Caps caps;
        try {
            caps = EventRecord.Caps.from(System.getenv());
        } catch (IllegalArgumentException e) {
            warn.accept("events: " + e.getMessage() + "; using the defaults");
            caps = EventRecord.Caps.DEFAULT;
        }
        return open(dir, caps, sinks, warn);
    }

    /** {@link #open(Path, List, Consumer)} with explicit caps on the local record. */
    public static EventLog open(Path dir, EventRecord.Caps caps, List<EventSink> sinks, Consumer<String> warn) {
        List<EventSink> all = new ArrayList<>();
        all.add(new EventRecord(dir.resolve(EventReader.FILE_NAME), caps));
        all.addAll(sinks);
        return new EventLog(all, warn);
    }

    /** Sends {@code event} (its text fields first passed through the secrets redaction) to every sink. */
    public synchronized void emit(ObjectNode event) {
        Ocsf.redact(event);
        String json;
        try {
            json = Ocsf.JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable", e);
        }
        int severity = event.path("severity_id").asInt(0);
        String type = Ocsf.typeOf(event);
        emitted++;
        for (EventSink s : sinks) {
            if (failed.contains(s)) continue;
            try {
                s.send(json, severity, type);
            } catch (Exception e) {
                failed.add(s);
                warn.accept("events: " + s.describe() + " failed (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); it gets no more events from this run, "
                        + "the local record keeps them");
            }
        }
    }

    public synchronized long emitted() {
        return emitted;
    }

    @Override
    public void close() {
        for (EventSink s : sinks) {
            try {
                s.close();
            } catch (Exception ignored) {
                // nothing more to do for a sink that cannot close
            }
        }
    }
}
