package dev.aiprov.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** {@code java -jar aiprov.jar …}: parses arguments and maps every failure to a one-line error and an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // a graph command on a graph held by `aiprov serve` runs there: this JVM then loads no picocli,
        // Bolt driver or Log4j, only a socket client
        Integer served = ServeClient.forward(args, java.nio.file.Path.of("").toAbsolutePath(), System.getenv(), System.out, System.err);
        if (served != null) System.exit(served);
        // one line per message on stderr (retries, rate limits), not java.util.logging's two-line default
        System.setProperty("java.util.logging.SimpleFormatter.format", "aiprov: %5$s%6$s%n");
        // Log4j is configured lazily (Logs.forGraph) by the commands that start the graph or Spring:
        // --help, --version and scan must not pay for loading it
        launchArgs = args.clone();
        if (System.getProperty(Cds.PARENT) != null) Cds.watchParent();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The arguments of {@code java -jar aiprov.jar …} (null when run in-process, e.g. by tests): graph commands may re-run with class-data sharing ({@link Cds}). */
    static volatile String[] launchArgs;

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err, invoked(args));
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * The command line with every subcommand, or with only the one named {@code only} ("" for none):
     * building the model of all of them (options, mixins, nested groups) is a good part of a short
     * command's start-up.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String only) {
        CommandLine cl = new CommandLine(new AiprovCommand());
        for (Class<?> c : AiprovCommand.SUBCOMMANDS) {
            if (only == null || only.equals(c.getAnnotation(picocli.CommandLine.Command.class).name())) cl.addSubcommand(c);
        }
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
        cl.setParameterExceptionHandler(UsageErrors.handler());
        return cl;
    }

    /**
     * One line: the error, and where the command's options are described. A class of its own, so that
     * verifying {@link Main} (which a thin client of {@code aiprov serve} loads) loads no picocli class.
     */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        /** Typed as the interface: the verifier then has no class to load to check the call in Main. */
        static CommandLine.IParameterExceptionHandler handler() {
            return new UsageErrors();
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("aiprov: " + oneLine(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return ExitCodes.USAGE;
        }
    }

    /** Root options that take a value (they may come before the subcommand). */
    private static final java.util.Set<String> ROOT_VALUE_OPTIONS = java.util.Set.of("--graph", "--neo4j-uri", "--neo4j-user",
            "--neo4j-password-file");

    /**
     * The subcommand {@code args} invoke when that is plain: its name, "" for {@code --version} alone,
     * null otherwise (help, a typo, no subcommand: picocli then needs them all to answer).
     */
    static String invoked(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) return "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (ROOT_VALUE_OPTIONS.contains(a)) {
                i++;
            } else if (a.startsWith("--") && a.indexOf('=') > 0 && ROOT_VALUE_OPTIONS.contains(a.substring(0, a.indexOf('=')))) {
                continue;
            } else if (a.startsWith("-")) {
                return null;
            } else {
                for (Class<?> c : AiprovCommand.SUBCOMMANDS) {
                    if (a.equals(c.getAnnotation(picocli.CommandLine.Command.class).name())) return a;
                }
                return null;
            }
        }
        return null;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
