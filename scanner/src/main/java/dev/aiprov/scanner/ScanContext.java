package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of scanning one top-level file: where findings go, the limits, the deadline, the
 * archive depth, and the expanded-bytes budget shared by every nested member. Not thread-safe: one
 * context per file per thread.
 */
public final class ScanContext {
    private final Scanner scanner;
    private final String path;
    private final String member;
    private final int depth;
    private final long deadlineNanos;
    private final AtomicLong expanded;
    private final List<Finding> findings;
    private final List<FileResult> members;
    private final List<String> formats = new ArrayList<>();

    ScanContext(Scanner scanner, String path, String member, int depth, long deadlineNanos, AtomicLong expanded,
                List<Finding> findings, List<FileResult> members) {
        this.scanner = scanner;
        this.path = path;
        this.member = member;
        this.depth = depth;
        this.deadlineNanos = deadlineNanos;
        this.expanded = expanded;
        this.findings = findings;
        this.members = members;
    }

    public Limits limits() {
        return scanner.limits();
    }

    /** The key of the keyed hash (HMAC-SHA256) that identifies a leaked secret without storing it. */
    public byte[] secretHashKey() {
        return scanner.secretHashKey();
    }

    /** The path of the file as the user named it. */
    public String path() {
        return path;
    }

    /** Archive nesting depth of what is being scanned (0 for the top-level file). */
    public int depth() {
        return depth;
    }

    public void report(Finding f) {
        findings.add(member.isEmpty() ? f : f.inMember(member));
    }

    public void report(Rule rule, Severity severity, String message, Location location, String evidence) {
        report(Finding.of(rule, severity, message, location, evidence));
    }

    /** Reports a finding with the rule's default severity. */
    public void report(Rule rule, String message, Location location, String evidence) {
        report(Finding.of(rule, message, location, evidence));
    }

    /** Throws {@link ScanException#timeout} once the file's time budget is spent. Call it in loops. */
    public void checkDeadline(long offset) {
        if (System.nanoTime() - deadlineNanos > 0) throw ScanException.timeout(offset);
    }

    /** Charges {@code bytes} of decompressed output against the per-file budget. */
    public void chargeExpanded(long bytes, long offset) {
        long total = expanded.addAndGet(bytes);
        if (total > limits().maxExpandedBytes()) {
            throw ScanException.expandedLimitExceeded(total, limits().maxExpandedBytes(), offset);
        }
    }

    /**
     * Scans an embedded stream (a pickle inside a zip checkpoint, an object array inside an npy)
     * as part of this file: its findings are reported here with {@code memberName} prefixed to their
     * location. {@code detectorId} picks a detector; null dispatches on content.
     * Returns null when judged, else the reason it could not be.
     */
    public String scanEmbedded(String memberName, ByteSource source, String detectorId) {
        if (depth + 1 > limits().maxArchiveDepth()) {
            report(Rule.SCAN_NESTING_TOO_DEEP, "nesting deeper than " + limits().maxArchiveDepth()
                    + " levels was not scanned", Location.member(memberName, -1), "");
            return "nesting too deep at " + memberName;
        }
        String inner = member.isEmpty() ? memberName : member + "/" + memberName;
        ScanContext child = new ScanContext(scanner, path, inner, depth + 1, deadlineNanos, expanded, findings, members);
        String error = scanner.dispatch(child, source, memberName, detectorId);
        formats.addAll(child.formats);
        return error;
    }

    /**
     * Scans an archive member as a file of its own, reported as {@code path!member}. Used by
     * generic archives (zip, tar, 7z, gzip), not by formats whose members are parts of one model.
     */
    public void scanMember(String memberName, ByteSource source) {
        String memberPath = path + "!" + memberName;
        if (depth + 1 > limits().maxArchiveDepth()) {
            report(Rule.SCAN_NESTING_TOO_DEEP, "nesting deeper than " + limits().maxArchiveDepth()
                    + " levels was not scanned", Location.member(memberName, -1), "");
            members.add(new FileResult(memberPath, "unknown", null, 0, List.of(), "nesting too deep"));
            return;
        }
        members.addAll(scanner.scanNested(memberPath, source, depth + 1, deadlineNanos, expanded));
    }

    /** How many findings this file has so far (a mark for {@link #worstSince}). */
    public int findingCount() {
        return findings.size();
    }

    /** The worst severity reported since {@code mark} (from {@link #findingCount}), or null. */
    public Severity worstSince(int mark) {
        Severity w = null;
        for (int i = mark; i < findings.size(); i++) w = Severity.worst(w, findings.get(i).severity());
        return w;
    }

    /**
     * Records that the model being scanned reads {@code location} (relative to its folder) as raw
     * tensor bytes up to {@code end}; a directory scan judges that sidecar file with these bounds.
     */
    public void referenceExternal(String location, long end) {
        Scanner.Sidecars s = Scanner.SIDECARS.get();
        if (s != null && depth == 0 && !path.contains("!")) s.add(path, location, end);
    }

    void addFormat(String id) {
        formats.add(id);
    }

    /**
     * Names the format of the file being scanned more precisely than the detector id (a zip
     * detector says {@code pytorch}, {@code keras}, {@code npz}); the first such call wins.
     */
    public void format(String format) {
        formats.add(0, format);
    }

    List<String> formats() {
        return formats;
    }
}
