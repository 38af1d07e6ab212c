package dev.aiprov.graph.bench;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Figures for docs/benchmarks.md: embedded Neo4j start time, and the crawl write rate (nodes/s and
 * relationships/s) for N synthetic models with Hub-like lineage written through {@link CrawlStore}
 * in batches, as the crawl writes them.
 */
public final class GraphWriteBenchmark {
    private GraphWriteBenchmark() {
    }

    public static void run(PrintStream out, Path workDir, int models, int batch) {
        long t0 = System.nanoTime();
        Graph g = Graph.open(GraphConfig.embedded(workDir.resolve("bench-graph")));
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        try (g) {
            out.printf("embedded Neo4j start (fresh store, schema applied): %d ms%n", startMs);
            Random rnd = new Random(42);
            CrawlStore store = new CrawlStore(g);
            long nodesBefore = count(g, "MATCH (n) RETURN count(n)");
            long relsBefore = count(g, "MATCH ()-[r]->() RETURN count(r)");
            long w0 = System.nanoTime();
            for (int start = 0; start < models; start += batch) {
                int end = Math.min(models, start + batch);
                List<CrawlRows.Repo> repos = new ArrayList<>(end - start);
                List<CrawlRows.Lineage> lineage = new ArrayList<>();
                List<CrawlRows.TrainedOn> trained = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    String id = "org" + (i % 5000) + "/model-" + i;
                    repos.add(new CrawlRows.Repo(RepoType.MODEL, id, String.format("%024x", i), "org" + (i % 5000),
                            String.format("%040x", (long) i * 7919), "2025-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z",
                            false, "false", false, (long) rnd.nextInt(100000), (long) rnd.nextInt(1000), "apache-2.0",
                            "text-generation", "transformers", List.of("transformers", "license:apache-2.0"), null, "ok", null));
                    if (i > 0) {
                        // power-law-ish parent choice: most models derive from a few popular ones
                        int parent = (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * i);
                        lineage.add(new CrawlRows.Lineage(id, "org" + (parent % 5000) + "/model-" + parent, "finetune", "cardData"));
                    }
                    if (i % 4 == 0) trained.add(new CrawlRows.TrainedOn(id, "data/ds-" + (i % 2000), "cardData"));
                }
                store.upsertRepos(repos);
                store.upsertLineage(lineage);
                store.upsertTrainedOn(trained);
            }
            double secs = (System.nanoTime() - w0) / 1e9;
            long nodes = count(g, "MATCH (n) RETURN count(n)") - nodesBefore;
            long rels = count(g, "MATCH ()-[r]->() RETURN count(r)") - relsBefore;
            out.printf("wrote %d models with lineage in %.1f s (batch %d): %d nodes (%.0f nodes/s), %d relationships (%.0f rels/s)%n",
                    models, secs, batch, nodes, nodes / secs, rels, rels / secs);
        }
        long r0 = System.nanoTime();
        try (Graph again = Graph.open(GraphConfig.embedded(workDir.resolve("bench-graph")))) {
            out.printf("embedded Neo4j start (existing store with %d models): %d ms%n", models, (System.nanoTime() - r0) / 1_000_000);
            again.describe();
        }
    }

    private static long count(Graph g, String cypher) {
        try (var s = g.driver().session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }
}
