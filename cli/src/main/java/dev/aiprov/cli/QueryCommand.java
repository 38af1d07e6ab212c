package dev.aiprov.cli;

import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.Table;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.QueryResult;
import dev.aiprov.graph.ReadQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code aiprov query "CYPHER"}: read-only Cypher against the graph. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a read-only Cypher query against the graph (writes are refused).")
public final class QueryCommand extends GraphCommand {
    enum Format { table, json }

    @Parameters(index = "0", paramLabel = "CYPHER", description = "The query, e.g. \"MATCH (m:Model) RETURN m.id LIMIT 5\".")
    String cypher;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Query parameter (string value), repeatable.")
    List<String> params = List.of();

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "table",
            "table or json (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    protected int run(Graph graph) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String kv : params) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw UserException.usage("--param must be NAME=VALUE, got " + kv);
            p.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        QueryResult r = new ReadQueries(graph).readOnly(cypher, p);
        if (format == Format.json) {
            out().println(Json.pretty(r.rows()));
        } else {
            out().print(Table.render(r.columns(), r.rows()));
            out().println("(" + r.rows().size() + (r.rows().size() == 1 ? " row)" : " rows)"));
        }
        out().flush();
        return ExitCodes.OK;
    }
}
