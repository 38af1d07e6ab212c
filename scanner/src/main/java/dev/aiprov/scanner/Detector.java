package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;

/**
 * One detector per format. {@link #accepts} decides from content (the first bytes, and the
 * structure they promise), never from the extension alone; the extension is only a tie-breaker.
 * Implementations extend {@link AbstractDetector}, whose final entry point applies the limits and
 * turns any parse failure into a finding.
 */
public interface Detector {

    /** Stable id, also reported as the file's {@code format} (e.g. {@code pickle}, {@code safetensors}). */
    String id();

    /** Higher runs first when several detectors accept the same bytes. */
    default int priority() {
        return 0;
    }

    /** Decides from the probe whether this detector owns the file. */
    boolean accepts(Probe probe);

    /** Scans the source, reporting findings (and nested members) through {@code ctx}. */
    void scan(ScanContext ctx, ByteSource source) throws IOException;
}
