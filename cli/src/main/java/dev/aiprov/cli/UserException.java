package dev.aiprov.cli;

/** An error the user can fix; printed as one line, with its own exit code. */
public final class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public static UserException usage(String message) {
        return new UserException(message, ExitCodes.USAGE);
    }

    public int exitCode() {
        return exitCode;
    }
}
