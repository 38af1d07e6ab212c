package dev.aiprov.bench.graph;

import dev.aiprov.fakehub.SyntheticHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.lineage.ArtifactRef;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.ExposureQueries;
import dev.aiprov.graph.lineage.LineageGraph;
import dev.aiprov.graph.lineage.LineageGraph.Direction;
import dev.aiprov.graph.lineage.LineageQueries;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Figures for docs/benchmarks.md: loads a {@link SyntheticHub} of N models into a fresh embedded
 * graph, then times lineage and exposure queries (p50, p99, max, and the mean answer size) on
 * uniformly drawn models and on the most-derived bases, which are the worst case.
 */
public final class QueryBenchmark {
    private QueryBenchmark() {
    }

    public static void run(PrintStream out, Path workDir, int models, int batch, int samples) {
        Path store = workDir.resolve("bench-queries");
        Path marker = workDir.resolve("bench-queries.loaded");
        try (Graph g = Graph.open(GraphConfig.embedded(store))) {
            SyntheticHub.Loaded h = reuse(marker, models);
            if (h == null) {
                out.printf("loading a synthetic Hub of %,d models (batch %d)…%n", models, batch);
                h = SyntheticHub.load(g, models, batch, 42);
                remember(marker, h);
            } else {
                out.printf("reusing the synthetic Hub of %,d models loaded earlier in %s (loaded in %.1f s)%n",
                        models, store, h.seconds());
            }
            long nodes = count(g, "MATCH (n) RETURN count(n)");
            long rels = count(g, "MATCH ()-[r]->() RETURN count(r)");
            out.printf("loaded in %.1f s: %,d nodes, %,d relationships (%,d datasets, %,d Spaces, %,d deployments, %,d authors)%n",
                    h.seconds(), nodes, rels, h.datasets(), h.spaces(), h.deployments(), h.authors());
            final SyntheticHub.Loaded loaded = h;

            LineageQueries lineage = new LineageQueries(g);
            ExposureQueries exposure = new ExposureQueries(g);
            Random rnd = new Random(7);
            IntFunction<String> anyModel = i -> SyntheticHub.modelId(rnd.nextInt(models), loaded.authors());
            IntFunction<String> hotModel = i -> loaded.hotModels().get(i % loaded.hotModels().size());
            int hotSamples = Math.max(10, samples / 10);

            // warm the page cache and the query plans
            time(20, anyModel, id -> lineage.lineage(id, Direction.BOTH, 10).map(x -> x.nodes().size()).orElse(0));
            time(20, anyModel, id -> exposure.exposure(ArtifactRef.parse("model:" + id), null, null).affected().size());

            out.println();
            out.printf("%-44s %8s %9s %9s %9s %10s%n", "query (depth 10)", "samples", "p50 ms", "p99 ms", "max ms", "mean size");
            report(out, "lineage --up, random model", samples, time(samples, anyModel,
                    id -> size(lineage.lineage(id, Direction.UP, 10).orElseThrow())));
            report(out, "lineage --down, random model", samples, time(samples, anyModel,
                    id -> size(lineage.lineage(id, Direction.DOWN, 10).orElseThrow())));
            report(out, "lineage --down, top-20 most-derived bases", hotSamples, time(hotSamples, hotModel,
                    id -> size(lineage.lineage(id, Direction.DOWN, 10).orElseThrow())));
            report(out, "exposure model:ID, random model", samples, time(samples, anyModel,
                    id -> affected(exposure.exposure(ArtifactRef.parse("model:" + id), null, null))));
            report(out, "exposure model:ID@REV, random model", samples, time(samples, i -> {
                int m = rnd.nextInt(models);
                String[] shas = SyntheticHub.revisions(m);
                return SyntheticHub.modelId(m, loaded.authors()) + "@" + shas[0];
            }, id -> affected(exposure.exposure(ArtifactRef.parse("model:" + id), null, null))));
            report(out, "exposure model:ID, top-20 most-derived bases", hotSamples, time(hotSamples, hotModel,
                    id -> affected(exposure.exposure(ArtifactRef.parse("model:" + id), null, null))));
            // the same bases streamed (exposure --format ndjson): when the first affected deployment is known
            long[][] first = new long[hotSamples][2];
            for (int i = 0; i < hotSamples; i++) {
                String id = hotModel.apply(i);
                long t = System.nanoTime();
                long[] at = {-1};
                Exposure e = exposure.exposure(ArtifactRef.parse("model:" + id), null, null, ExposureQueries.DEFAULT_DEPTH,
                        new ExposureQueries.Listener() {
                            @Override
                            public void affected(int level, Exposure.Affected a) {
                                if (at[0] < 0) at[0] = System.nanoTime() - t;
                            }
                        });
                first[i][0] = at[0] < 0 ? System.nanoTime() - t : at[0];
                first[i][1] = affected(e);
            }
            report(out, "  streamed: first affected deployment known", hotSamples, first);
            report(out, "exposure author:NAME --since (2 months)", hotSamples, time(hotSamples,
                    i -> "org" + rnd.nextInt(Math.max(1, loaded.authors() / 10)),
                    name -> affected(exposure.exposure(ArtifactRef.parse("author:" + name),
                            OffsetDateTime.parse("2023-06-01T00:00Z"), OffsetDateTime.parse("2023-08-01T00:00Z")))));
            report(out, "exposure rule:RULE_ID", loaded.ruleIds().size() * 3, time(loaded.ruleIds().size() * 3,
                    i -> loaded.ruleIds().get(i % loaded.ruleIds().size()),
                    rule -> affected(exposure.exposure(ArtifactRef.parse("rule:" + rule), null, null))));
        }
    }

    /** A store loaded by an earlier run in the same --work-dir with the same --models is queried again, not reloaded. */
    private static SyntheticHub.Loaded reuse(Path marker, int models) {
        try {
            if (!java.nio.file.Files.isRegularFile(marker)) return null;
            java.util.Properties p = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(marker)) {
                p.load(in);
            }
            if (Integer.parseInt(p.getProperty("models")) != models) return null;
            return new SyntheticHub.Loaded(models, Integer.parseInt(p.getProperty("datasets")),
                    Integer.parseInt(p.getProperty("spaces")), Integer.parseInt(p.getProperty("deployments")),
                    Integer.parseInt(p.getProperty("authors")), Double.parseDouble(p.getProperty("seconds")),
                    List.of(p.getProperty("hot").split(",")), List.of(p.getProperty("rules").split(",")));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static void remember(Path marker, SyntheticHub.Loaded h) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("models", Integer.toString(h.models()));
        p.setProperty("datasets", Integer.toString(h.datasets()));
        p.setProperty("spaces", Integer.toString(h.spaces()));
        p.setProperty("deployments", Integer.toString(h.deployments()));
        p.setProperty("authors", Integer.toString(h.authors()));
        p.setProperty("seconds", Double.toString(h.seconds()));
        p.setProperty("hot", String.join(",", h.hotModels()));
        p.setProperty("rules", String.join(",", h.ruleIds()));
        try (var w = java.nio.file.Files.newBufferedWriter(marker)) {
            p.store(w, "bench queries: synthetic Hub loaded into bench-queries/");
        } catch (java.io.IOException e) {
            // only a cache for later runs
        }
    }

    private static int size(LineageGraph g) {
        return g.nodes().size();
    }

    private static int affected(Exposure e) {
        return e.affected().size();
    }

    /** Per sample: {elapsed ns, answer size}. */
    private static long[][] time(int n, IntFunction<String> arg, ToIntFunction<String> query) {
        long[][] out = new long[n][2];
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) args.add(arg.apply(i));
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            int size = query.applyAsInt(args.get(i));
            out[i][0] = System.nanoTime() - t;
            out[i][1] = size;
        }
        return out;
    }

    private static void report(PrintStream out, String name, int n, long[][] samples) {
        long[] ns = Arrays.stream(samples).mapToLong(s -> s[0]).sorted().toArray();
        double mean = Arrays.stream(samples).mapToLong(s -> s[1]).average().orElse(0);
        out.printf("%-44s %8d %9.1f %9.1f %9.1f %10.1f%n", name, n, pct(ns, 50), pct(ns, 99), ns[ns.length - 1] / 1e6, mean);
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static long count(Graph g, String cypher) {
        try (var s = g.driver().session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }
}
