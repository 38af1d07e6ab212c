package dev.aiprov.graph;

import java.util.List;

/**
 * What a scan hands to {@link ScanStore}. Results are content-addressed: {@code contentKey} is the
 * file's LFS sha256 (or {@code blob:<sha1>} for small git files), so one content scanned once serves
 * every file, repo and crawl that carries it, until the scanner version changes.
 */
public final class ScanRows {
    private ScanRows() {
    }

    /**
     * The outcome for one content. {@code status}: {@code judged}, {@code error} (could not be judged:
     * {@code why} says why) or {@code skipped} (not fetched: gated, too large...; never clean).
     * {@code transferred}: bytes fetched over the network; {@code bytesRead}: bytes the scanner read.
     */
    public record Result(String contentKey, String scannerVersion, String status, String why, String format,
                         long size, long bytesRead, long transferred, List<FoundIssue> findings) {
        public Result {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /** One finding; {@code secret} non-null for leaked credentials (never the value itself). */
    public record FoundIssue(String rule, String severity, String message, String location, Integer line,
                             String evidence, Secret secret) {
    }

    /** A leaked credential by hash: one node however many files carry it. */
    public record Secret(String sha256, String type, String redacted) {
    }
}
