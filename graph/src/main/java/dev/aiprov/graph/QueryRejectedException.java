package dev.aiprov.graph;

/** A user query that was refused (a write) or is not valid Cypher. */
public final class QueryRejectedException extends GraphException {
    public QueryRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
