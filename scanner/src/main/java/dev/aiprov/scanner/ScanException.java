package dev.aiprov.scanner;

/**
 * A named, unchecked parse failure carrying the field and offset where it happened. Thrown by
 * readers on hostile or broken input; {@link AbstractDetector} turns it into a finding, so it never
 * reaches the user as a stack trace.
 */
public class ScanException extends RuntimeException {
    private final String rule;
    private final long offset;

    public ScanException(String rule, String message, long offset) {
        super(message);
        this.rule = rule;
        this.offset = offset;
    }

    public String rule() {
        return rule;
    }

    public long offset() {
        return offset;
    }

    public static ScanException truncated(String field, long offset) {
        return new ScanException("TRUNCATED", "file ends inside " + field, offset);
    }

    public static ScanException negativeLength(String field, long offset) {
        return new ScanException("MALFORMED", "negative length for " + field, offset);
    }

    public static ScanException limitExceeded(String limit, long value, long cap, long offset) {
        return new ScanException("LIMIT_EXCEEDED", limit + " " + value + " exceeds the limit " + cap, offset);
    }

    public static ScanException malformed(String what, long offset) {
        return new ScanException("MALFORMED", what, offset);
    }

    /** The time budget for one file ran out. */
    public static ScanException timeout(long offset) {
        return new ScanException("TIMEOUT", "time limit reached", offset);
    }
}
