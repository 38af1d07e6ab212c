package dev.aiprov.cli;

import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.crawler.progress.TerminalProgress;
import dev.aiprov.cli.render.Table;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.QueryResult;
import dev.aiprov.graph.ReadQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code aiprov demo}: the real crawl job (with its scan step) against a local replay of Hub API
 * responses, into the configured graph, then what the graph now answers. Works offline. The replay
 * (the fake Hub fed by recorded responses) lives in {@code aiprov-dev.jar}, found through {@link DevTools}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a first crawl (with its scan step) against a bundled local replay of Hugging Face API "
                + "responses, into the graph, and show what the graph answers. Needs no network.")
public final class DemoCommand extends GraphCommand {
    static final String SEED = "demo-org/support-bot";

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    static final String LINEAGE = """
            MATCH (s:Space {id: $seed})-[:USES]->(m:Model)
            MATCH p = (m)-[:DERIVED_FROM*0..10]->(a:Model)
            WITH last(nodes(p)) AS ancestor, length(p) AS hops, m, relationships(p) AS rels
            RETURN m.id AS used_by_space, hops, ancestor.id AS ancestor,
                   CASE WHEN size(rels) = 0 THEN '' ELSE last(rels).relation END AS relation,
                   coalesce(ancestor.status, 'not crawled') AS status
            ORDER BY used_by_space, hops
            """;

    static final String FINDINGS = """
            MATCH (n:Repo)-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(f:File)-[:HAS_FINDING]->(x:Finding)
            WHERE x.rank <= 1
            RETURN n.id AS repo, f.path AS file, x.severity AS severity, x.rule AS rule, x.evidence AS evidence
            ORDER BY x.rank, repo
            """;

    @Override
    protected int run(Graph graph) throws Exception {
        PrintStream progress = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        DevTools tools = DevTools.find().orElseThrow(() -> UserException.usage("aiprov demo " + DevTools.MISSING));
        try (DevTools.Hub hub = tools.demoHub()) {
            out().println("Replaying recorded Hub responses on " + hub.endpoint() + " (google-bert/bert-base-uncased, "
                    + "sentence-transformers/paraphrase-albert-small-v2 as recorded; demo-org/* synthetic, same shapes).");
            out().println("Crawling space " + SEED + " and its whole lineage into " + graph.describe() + " ...");
            out().flush();
            CrawlOptions options = CrawlOptions.builder(GraphOptions.home(env())).space(SEED).endpoint(hub.endpoint())
                    .env(k -> k.equals("HF_TOKEN") || k.equals("HF_ENDPOINT") || k.equals("HF_HOME") ? null : env().get(k))
                    .build();
            CrawlSummary s = CrawlRunner.run(options, graph, noProgress ? dev.aiprov.crawler.job.CrawlListener.NONE : new TerminalProgress(progress),
                    (client, repoKeys) -> new dev.aiprov.crawler.scan.RemoteScanner(graph, client.fileClient(),
                            client.settings().endpoint(), ScanCommand.scanner(env()), 2,
                            CrawlCommand.STREAM_CAP).scanPending(repoKeys));
            if (!s.completed()) {
                throw new UserException("demo crawl stopped: " + s.failure() + "; run it again to resume", ExitCodes.FAILURE);
            }
            out().printf("crawl completed: %s (%d unavailable), %s, %s, %s%n",
                    dev.aiprov.cli.render.Plural.of(s.repos(), "repo"), s.unavailable(), dev.aiprov.cli.render.Plural.of(s.revisions(), "revision"),
                    dev.aiprov.cli.render.Plural.of(s.files(), "file"), dev.aiprov.cli.render.Plural.of(s.requests(), "request"));
            if (s.scan() != null) out().println(CrawlCommand.scanLine(s.scan()));
            ReadQueries q = new ReadQueries(graph);
            out().println();
            out().println("Where do the models this Space uses come from?");
            QueryResult lineage = q.readOnly(LINEAGE, Map.of("seed", SEED));
            out().print(Table.render(lineage.columns(), lineage.rows()));
            out().println();
            out().println("High and critical findings in what was crawled:");
            QueryResult findings = q.readOnly(FINDINGS, Map.of());
            out().print(Table.render(findings.columns(), findings.rows()));
            out().println();
            out().println("Next: java -jar cli/target/aiprov.jar query \"MATCH (m:Model) RETURN m.id, m.status, m.license\"");
            out().println("      java -jar cli/target/aiprov.jar lineage model:demo-org/support-gguf");
            out().println("      java -jar cli/target/aiprov.jar exposure model:google-bert/bert-base-uncased");
            out().flush();
        }
        return ExitCodes.OK;
    }
}
