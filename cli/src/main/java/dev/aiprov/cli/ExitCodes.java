package dev.aiprov.cli;

/** Exit codes shared by every command (listed in {@code aiprov --help}). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Findings at or above the threshold, or a policy violation. */
    public static final int FINDINGS = 1;
    /** Wrong arguments, or a file that could not be judged. */
    public static final int USAGE = 2;
    /** A runtime failure: graph or Hub unreachable, I/O error. */
    public static final int FAILURE = 3;

    private ExitCodes() {
    }
}
