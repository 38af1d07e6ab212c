package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;

/**
 * Base of every detector. {@link #run} is the one entry point the scanner calls: it enforces the
 * deadline and turns any failure into a finding with a rule id ({@code <FORMAT>_MALFORMED},
 * {@code <FORMAT>_TRUNCATED}, {@code SCAN_LIMIT_EXCEEDED}, {@code SCAN_TIMEOUT}, {@code SCAN_CRASH}),
 * so no detector can fail open or abort the scan of other files.
 */
public abstract class AbstractDetector implements Detector {

    /**
     * Runs {@link #scan} and converts failures. Returns null when the file was judged, or the reason
     * it could not be (the finding explaining it has already been reported).
     */
    public final String run(ScanContext ctx, ByteSource source) {
        try {
            scan(ctx, source);
            return null;
        } catch (ScanException e) {
            Rule rule = switch (e.failure()) {
                case TIMEOUT -> Rule.SCAN_TIMEOUT;
                case LIMIT_EXCEEDED, EXPANDED_LIMIT_EXCEEDED -> Rule.SCAN_LIMIT_EXCEEDED;
                case RULE -> e.rule();
                case MALFORMED, TRUNCATED -> Rule.failure(id(), e.failure());
            };
            ctx.report(Finding.of(rule, Severity.MEDIUM,
                    id() + " could not be fully parsed: " + e.getMessage(), Location.at(e.offset()), ""));
            return id() + ": " + e.getMessage() + (e.offset() >= 0 ? " at offset " + e.offset() : "");
        } catch (IOException e) {
            ctx.report(Finding.of(Rule.SCAN_IO_ERROR, "read failed: " + e.getMessage(), null, ""));
            return "read failed: " + e.getMessage();
        } catch (OutOfMemoryError | StackOverflowError e) {
            ctx.report(Finding.of(Rule.SCAN_LIMIT_EXCEEDED, Severity.MEDIUM,
                    id() + " exhausted resources: " + e.getClass().getSimpleName(), null, ""));
            return id() + ": resources exhausted";
        } catch (RuntimeException e) {
            ctx.report(Finding.of(Rule.SCAN_CRASH, Severity.MEDIUM,
                    id() + " failed unexpectedly: " + e.getClass().getSimpleName(), null, String.valueOf(e.getMessage())));
            return id() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
