package dev.aiprov.events;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import java.time.Instant;
import java.util.List;

/**
 * Events of a local scan ({@code aiprov scan}): one {@code file_scanned} per file that has findings or
 * could not be judged, one per finding, and one for the run, which counts every file. A clean file
 * gets no event of its own: a scan of a few thousand files would otherwise append as many lines to
 * the record and to every sink (and build and redact each), for nothing a responder acts on.
 */
public final class ScanEvents {
    private ScanEvents() {
    }

    /** Emits and closes {@code log}. */
    public static void emit(EventLog log, List<FileResult> results) {
        try (log) {
            Instant now = Instant.now();
            long findings = 0;
            for (FileResult r : results) {
                if (r.judged() && r.findings().isEmpty()) continue;   // counted in the run event
                log.emit(Ocsf.fileScanned(now, "file:" + r.path(), r.path(), null, r.judged(),
                        r.judged() ? null : r.error(), r.format(), r.findings().size()));
                for (Finding f : r.findings()) {
                    findings++;
                    FindingEvent e = FindingEvent.of(r.path() + "|" + f.rule() + "|" + f.location(), f.rule(),
                            f.severity().name(), f.message()).at(null, r.path(), String.valueOf(f.location()));
                    log.emit(Ocsf.finding(now, f.secret() == null ? e : e.secret(f.secret().sha256(), f.secret().redacted())));
                }
            }
            log.emit(Ocsf.scanRun(Ocsf.Type.SCAN, true, now, Instant.now(), "aiprov scan", results.size(), findings,
                    "scan: " + Ocsf.count(results.size(), "file") + ", " + Ocsf.count(findings, "finding") + ", "
                            + results.stream().filter(r -> !r.judged()).count() + " not judged", null));
        }
    }
}
