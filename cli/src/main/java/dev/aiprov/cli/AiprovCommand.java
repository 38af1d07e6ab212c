package dev.aiprov.cli;

import picocli.CommandLine.Command;

/** The root command. */
@Command(name = "aiprov",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "AI supply-chain security: crawl Hugging Face metadata into a graph, scan model files "
                + "and artifacts without executing them, and answer lineage questions.",
        subcommands = {CrawlCommand.class, QueryCommand.class, ScanCommand.class, FindingsCommand.class,
                LineageCommand.class, ExposureCommand.class, ExportCommand.class,
                InventoryCommand.class, ApproveCommand.class, RevokeCommand.class, PolicyCommand.class,
                DemoCommand.class, BenchCommand.class,
                AlertsCommand.class, EventsCommand.class, ServeCommand.class, CdsTrainCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success, nothing at or above the threshold",
                "1:findings at or above --fail-on, or a policy violation",
                "2:wrong arguments, or a file that could not be judged",
                "3:runtime failure (graph or Hub unreachable, I/O error)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  AIPROV_HOME    where the embedded graph and job repository live (default ~/.aiprov)",
                "  HF_ENDPOINT    Hub endpoint (default https://huggingface.co)",
                "  HF_TOKEN       Hub token (else $HF_HOME/token); never logged",
                "  NEO4J_PASSWORD password for --neo4j-uri",
                "  AIPROV_CDS     off: graph commands without the class-data sharing archive"})
public final class AiprovCommand extends GroupCommand {
}
