package dev.aiprov.scanner;

import java.util.Objects;

/**
 * A named, unchecked parse failure carrying what went wrong ({@link Failure}), the field and the
 * offset where it happened. Thrown by readers on hostile or broken input; {@link AbstractDetector}
 * turns it into a finding, so it never reaches the user as a stack trace. Callers decide on
 * {@link #failure()}, never on the message.
 */
public class ScanException extends RuntimeException {

    /** What kind of failure this is; decides the rule {@link AbstractDetector} reports it under. */
    public enum Failure {
        /** The file ends inside a field: {@code <FORMAT>_TRUNCATED}. */
        TRUNCATED,
        /** The bytes break the format: {@code <FORMAT>_MALFORMED}. */
        MALFORMED,
        /** A cap on one structure (opcodes, entries, nesting, a member's size): {@code SCAN_LIMIT_EXCEEDED}. */
        LIMIT_EXCEEDED,
        /** The per-file budget of expanded bytes is spent: {@code SCAN_LIMIT_EXCEEDED}, and nothing more of the file is read. */
        EXPANDED_LIMIT_EXCEEDED,
        /** The per-file time budget is spent: {@code SCAN_TIMEOUT}. */
        TIMEOUT,
        /** A failure with a rule of its own ({@link #rule()}), e.g. {@code PICKLE_STREAM_BROKEN}. */
        RULE
    }

    private final Failure failure;
    private final Rule rule;
    private final long offset;

    private ScanException(Failure failure, Rule rule, String message, long offset) {
        super(message);
        this.failure = failure;
        this.rule = rule;
        this.offset = offset;
    }

    /** A failure reported under its own rule (reported with severity medium, the file unjudged). */
    public ScanException(Rule rule, String message, long offset) {
        this(Failure.RULE, Objects.requireNonNull(rule, "rule"), message, offset);
    }

    public Failure failure() {
        return failure;
    }

    /** The rule of a {@link Failure#RULE} failure, else null. */
    public Rule rule() {
        return rule;
    }

    public long offset() {
        return offset;
    }

    /** A limit (one structure's cap or the file's budget) was reached: not a defect of the bytes. */
    public boolean limitReached() {
        return failure == Failure.LIMIT_EXCEEDED || failure == Failure.EXPANDED_LIMIT_EXCEEDED || failure == Failure.TIMEOUT;
    }

    /** The whole file's budget (time or expanded bytes) is spent: nothing more of it may be read. */
    public boolean endsFile() {
        return failure == Failure.TIMEOUT || failure == Failure.EXPANDED_LIMIT_EXCEEDED;
    }

    public static ScanException truncated(String field, long offset) {
        return new ScanException(Failure.TRUNCATED, null, "file ends inside " + field, offset);
    }

    public static ScanException negativeLength(String field, long offset) {
        return new ScanException(Failure.MALFORMED, null, "negative length for " + field, offset);
    }

    public static ScanException limitExceeded(String limit, long value, long cap, long offset) {
        return new ScanException(Failure.LIMIT_EXCEEDED, null, limit + " " + value + " exceeds the limit " + cap, offset);
    }

    /** A cap whose check belongs to a parser (Jackson's stream constraints): {@code what} says which. */
    public static ScanException limitExceeded(String what, long offset) {
        return new ScanException(Failure.LIMIT_EXCEEDED, null, what, offset);
    }

    /** The expanded bytes of the file (every archive and compressed member together) exceed their budget. */
    public static ScanException expandedLimitExceeded(long value, long cap, long offset) {
        return new ScanException(Failure.EXPANDED_LIMIT_EXCEEDED, null,
                "expanded bytes " + value + " exceeds the limit " + cap, offset);
    }

    public static ScanException malformed(String what, long offset) {
        return new ScanException(Failure.MALFORMED, null, what, offset);
    }

    /** The time budget for one file ran out. */
    public static ScanException timeout(long offset) {
        return new ScanException(Failure.TIMEOUT, null, "time limit reached", offset);
    }
}
