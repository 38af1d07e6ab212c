package dev.aiprov.cli.render;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.SecretRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON report of {@code aiprov scan}:
 * {@code {"files":[{"path","format","sha256","bytesRead","findings":[…]}],"errors":[{"path","error"}]}}.
 */
public record ScanJson(List<FileJson> files, List<ErrorJson> errors) {

    public record FileJson(String path, String format, String sha256, long bytesRead, List<FindingJson> findings) {
    }

    /** {@code line} is 1-based in the file as stored, null where the file is not text. */
    public record FindingJson(String rule, String severity, String message, String location, Integer line,
                              Integer endLine, String evidence, SecretRef secret) {
    }

    public record ErrorJson(String path, String error) {
    }

    public static ScanJson of(List<FileResult> results) {
        List<FileJson> files = new ArrayList<>();
        List<ErrorJson> errors = new ArrayList<>();
        for (FileResult r : results) {
            List<FindingJson> fs = new ArrayList<>();
            for (Finding f : r.findings()) fs.add(finding(f));
            files.add(new FileJson(r.path(), r.format(), r.sha256(), r.bytesRead(), fs));
            if (!r.judged()) errors.add(new ErrorJson(r.path(), r.error()));
        }
        return new ScanJson(files, errors);
    }

    static FindingJson finding(Finding f) {
        return new FindingJson(f.rule(), f.severity().label(), f.message(), f.location().toString(),
                f.location().line() > 0 ? f.location().line() : null,
                f.location().endLine() > f.location().line() && f.location().line() > 0 ? f.location().endLine() : null,
                f.evidence(), f.secret());
    }
}
