package dev.aiprov.scanner;

import java.time.Duration;

/**
 * Bounds applied to every parse. Declared lengths in files are never trusted: they are checked
 * against these caps and against the bytes actually available.
 */
public record Limits(long maxFileBytes, long maxMemberBytes, long maxExpandedBytes, int maxArchiveDepth,
                     int maxArchiveEntries, int maxStringBytes, int maxPickleOps, Duration timePerFile,
                     long maxTextBytes) {

    public static Limits defaults() {
        return new Limits(
                64L << 30,          // a file up to 64 GiB may be opened (only headers/pickles are read)
                256L << 20,         // one member (pickle, config, header) read into memory at most
                1L << 30,           // bytes expanded from archives/compression per top-level file
                4,                  // nested archive depth
                100_000,            // entries per archive
                16 << 20,           // one string/bytes value in a pickle or header
                50_000_000,         // pickle opcodes per stream
                Duration.ofSeconds(60),
                512L << 20);        // text scanned for secrets per file
    }
}
