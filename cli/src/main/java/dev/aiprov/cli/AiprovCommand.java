package dev.aiprov.cli;

import picocli.CommandLine.Command;

/** The root command; its subcommands are {@link #SUBCOMMANDS}, added by {@link Main} (only the invoked one when it can). */
@Command(name = "aiprov",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "AI supply-chain security: crawl Hugging Face metadata into a graph, scan model files "
                + "and artifacts without executing them, and answer lineage questions.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success, nothing at or above the threshold",
                "1:findings at or above --fail-on, or a policy violation",
                "2:wrong arguments, or a file that could not be judged",
                "3:runtime failure (graph or Hub unreachable, I/O error)"},
        footerHeading = "%nEnvironment:%n",
        // one line each, under the 80-column help width: picocli would otherwise wrap inside ~/.aiprov
        footer = {"  AIPROV_HOME    graph, job repository and event record (default ~/.aiprov)",
                "  HF_ENDPOINT    Hub endpoint (default https://huggingface.co)",
                "  HF_TOKEN       Hub token (else $HF_HOME/token); never logged",
                "  AIPROV_HF_TOKEN_COMMAND",
                "                 command that prints the Hub token (crawl --token-command)",
                "  NEO4J_PASSWORD password for --neo4j-uri",
                "  AIPROV_EVENTS_MAX_MB, AIPROV_EVENTS_MAX_DAYS",
                "                 caps of the local event record (default 64 MB, 180 days)",
                "  AIPROV_CDS     off: graph commands without the class-data sharing archive"})
public final class AiprovCommand extends GroupCommand {
    /** In the order of {@code aiprov --help}. */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(CrawlCommand.class, QueryCommand.class,
            ScanCommand.class, FindingsCommand.class, LineageCommand.class, ExposureCommand.class, ExportCommand.class,
            InventoryCommand.class, ApproveCommand.class, RevokeCommand.class, PolicyCommand.class,
            DemoCommand.class, BenchCommand.class,
            AlertsCommand.class, EventsCommand.class, ServeCommand.class, CdsTrainCommand.class);
}
