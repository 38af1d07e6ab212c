package dev.aiprov.events;

import dev.aiprov.scanner.Allowlist;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.SecretHashKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code aiprov scan} workflow: the installation's secret-hash key (read once, shared by the
 * scanner and the allowlist), the allowlist, the scan of every path, then the scan's events. Only
 * {@code scanner} and {@code events} classes: no graph, no Hub.
 */
public final class LocalScan {
    /**
     * What to scan; {@code allowlistFile} null means the allowlists found beside the paths; {@code home}
     * holds the key; {@code digests} says which files get their SHA-256 (what the report will show).
     */
    public record Request(List<Path> paths, int threads, Path allowlistFile, Path home, Scanner.Digests digests) {
        public Request {
            paths = List.copyOf(paths);
            if (digests == null) digests = Scanner.Digests.EVERY_FILE;
        }
    }

    /** The results after the allowlist, how many findings it accepted, and the scan's wall time. */
    public record Outcome(List<FileResult> results, long accepted, double seconds) {
        public Outcome {
            results = List.copyOf(results);
        }
    }

    /** The scan could not start; the message is one line, safe to print. */
    public static final class SetupException extends Exception {
        /** What was wrong: the key cannot be read or created (a failure), or the allowlist is bad (a usage error). */
        public enum Cause { KEY, ALLOWLIST }

        private final Cause cause;

        SetupException(Cause cause, String message) {
            super(message);
            this.cause = cause;
        }

        public Cause kind() {
            return cause;
        }
    }

    private LocalScan() {
    }

    /**
     * Scans {@code request.paths()}; {@code report} gets the outcome before the events are emitted
     * (a report on stdout comes before events sent to stdout). The log from {@code events} is opened
     * after the key and the allowlist were read, and closed at the end.
     */
    public static Outcome run(Request request, Supplier<EventLog> events, Consumer<Outcome> report) throws SetupException {
        byte[] key;
        try {
            key = SecretHashKey.loadOrCreate(request.home());
        } catch (IOException e) {
            throw new SetupException(SetupException.Cause.KEY, "cannot read or create the secret hash key under "
                    + request.home() + ": " + e.getMessage());
        }
        Allowlist allow = allowlist(request).withSecretKey(key);
        try (EventLog log = events.get()) {
            long started = System.nanoTime();
            List<FileResult> scanned = Scanner.withDefaults().withSecretHashKey(key).scanPaths(request.paths(), request.threads(), request.digests());
            double seconds = (System.nanoTime() - started) / 1e9;
            List<FileResult> results = allow.apply(scanned);
            Outcome outcome = new Outcome(results, count(scanned) - count(results), seconds);
            report.accept(outcome);
            ScanEvents.emit(log, results);
            return outcome;
        }
    }

    private static Allowlist allowlist(Request request) throws SetupException {
        try {
            if (request.allowlistFile() != null) return Allowlist.load(request.allowlistFile());
            Allowlist all = Allowlist.empty();
            for (Path p : request.paths()) all = all.and(Allowlist.discover(p));
            return all;
        } catch (IOException e) {
            throw new SetupException(SetupException.Cause.ALLOWLIST, "allowlist " + e.getMessage());
        }
    }

    private static long count(List<FileResult> results) {
        return results.stream().mapToLong(r -> r.findings().size()).sum();
    }
}
