package dev.aiprov.crawler.hub;

import dev.aiprov.graph.Availability;

/**
 * A Hub request that did not give a usable answer: an access error mapped from the status and
 * {@code X-Error-Code}/{@code X-Error-Message} headers, or a transport failure after all retries.
 * The message names the URL and the Hub's error, never a request header.
 */
public class HubException extends RuntimeException {
    private final Availability availability;
    private final int status;
    private final String errorCode;

    public HubException(Availability availability, int status, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.availability = availability;
        this.status = status;
        this.errorCode = errorCode;
    }

    public Availability availability() {
        return availability;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The Hub's {@code X-Error-Code}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** Short detail for the graph node: error code (or status) and Hub message. */
    public String detail() {
        return getMessage();
    }
}
