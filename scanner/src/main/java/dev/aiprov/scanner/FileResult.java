package dev.aiprov.scanner;

import java.util.List;

/**
 * The verdict on one file (or one archive member, whose {@code path} is {@code outer.zip!inner/path}).
 * {@code error} is non-null when the file could not be judged: such a file is never clean.
 */
public record FileResult(String path, String format, String sha256, long bytesRead,
                         List<Finding> findings, String error) {
    public FileResult {
        findings = List.copyOf(findings);
    }

    public boolean judged() {
        return error == null;
    }

    public Severity worst() {
        Severity w = null;
        for (Finding f : findings) w = Severity.worst(w, f.severity());
        return w;
    }
}
