package dev.aiprov.graph;

/** A graph failure with context a user can act on; its message is one line. */
public class GraphException extends RuntimeException {
    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }

    public GraphException(String message) {
        super(message);
    }
}
