package dev.aiprov.cli;

import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.inventory.drift.AlertType;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;

/** {@code aiprov alerts}: drift and supply-chain alerts raised by crawls and imports. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "List drift and supply-chain alerts: MOVED_REVISION, NAMESPACE_REUSE, VANISHED_UPSTREAM, NEW_FINDING, "
                + "NEW_SECRET, LOOKALIKE_NAME (raised by 'crawl' and 'inventory import').")
public final class AlertsCommand extends GraphCommand {
    enum Format { text, json }

    @Option(names = "--since", paramLabel = "DATE", converter = ApproveCommand.DateConverter.class,
            description = "Only alerts raised at or after: 2026-12-31 or an ISO-8601 instant.")
    Instant since;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this type (e.g. namespace_reuse).")
    String type;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text or json (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    protected int run(Graph graph) {
        String t = null;
        if (type != null) {
            try {
                t = AlertType.parse(type).name();
            } catch (IllegalArgumentException e) {
                throw UserException.usage(e.getMessage());
            }
        }
        List<AlertStore.Alert> alerts = new AlertStore(graph).list(since, t);
        if (format == Format.json) {
            out().print(JsonDocuments.alerts(alerts));
        } else {
            for (AlertStore.Alert a : alerts) out().println(line(a));
            out().println(alerts.size() + (alerts.size() == 1 ? " alert" : " alerts"));
        }
        out().flush();
        return ExitCodes.OK;
    }

    static String line(AlertStore.Alert a) {
        return a.at() + "  " + a.severity() + "  " + a.type() + "  " + a.message();
    }
}
