package dev.aiprov.crawler.scan;

import java.io.IOException;

/** A remote file that could not be read; {@link #why()} is recorded on the file (gated, missing, too-large, error). */
public final class RemoteFileException extends IOException {
    private final String why;

    public RemoteFileException(String why, String message) {
        super(message);
        this.why = why;
    }

    public String why() {
        return why;
    }
}
