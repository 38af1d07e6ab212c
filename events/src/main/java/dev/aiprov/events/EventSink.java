package dev.aiprov.events;

import java.io.IOException;

/** Where events go. {@link #send} gets one JSON object (one line, no newline) at a time. */
public interface EventSink extends AutoCloseable {
    void send(String json, int severityId, String type) throws IOException;

    /** For messages: the sink's address (never a credential). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
