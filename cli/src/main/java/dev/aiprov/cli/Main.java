package dev.aiprov.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** {@code java -jar aiprov.jar …}: parses arguments and maps every failure to a one-line error and an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // one line per message on stderr (retries, rate limits), not java.util.logging's two-line default
        System.setProperty("java.util.logging.SimpleFormatter.format", "aiprov: %5$s%6$s%n");
        // Log4j is configured lazily (Logs.forGraph) by the commands that start the graph or Spring:
        // --help, --version and scan must not pay for loading it
        launchArgs = args.clone();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The arguments of {@code java -jar aiprov.jar …} (null when run in-process, e.g. by tests): graph commands may re-run with class-data sharing ({@link Cds}). */
    static volatile String[] launchArgs;

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AiprovCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            Throwable t = ex;
            line.getErr().println("aiprov: error: " + oneLine(t));
            if (Boolean.getBoolean("aiprov.debug")) t.printStackTrace(line.getErr());
            line.getErr().flush();
            return t instanceof UserException u ? u.exitCode() : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            // one line: the error, and where the command's options are described
            c.getErr().println("aiprov: " + oneLine(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
