package dev.aiprov.bench.graph;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Figures for docs/benchmarks.md: the crawl write path against the driver's limit. The same
 * generated batches (models with Hub-like lineage, authors, datasets) are written into two fresh
 * embedded stores side by side, batch by batch alternating so that load on the machine hits both
 * alike: once through {@link CrawlStore#upsertAll} (as the crawl writes), once as the plainest
 * driver {@code UNWIND … MERGE} statements that produce the same nodes, relationships and
 * properties. The last line is {@code ratio R}: our write rate over the bare one.
 */
public final class GraphWriteBenchmark {
    private GraphWriteBenchmark() {
    }

    /**
     * The plainest write of the same rows: values prepared client-side and assigned as they are,
     * relationships MERGEd between nodes that are known to exist, no bookkeeping.
     */
    private static final String BARE_REPOS = """
            UNWIND $rows AS r
            MERGE (n:Model {id: r.id})
            SET n:Repo, n.key = r.key, n.hubId = r.hubId, n.author = r.author, n.sha = r.sha,
                n.lastModified = r.lastModified, n.createdAt = r.createdAt, n.private = r.private, n.gated = r.gated,
                n.disabled = r.disabled, n.downloads = r.downloads, n.likes = r.likes, n.license = r.license,
                n.pipelineTag = r.pipelineTag, n.libraryName = r.libraryName, n.tags = r.tags, n.status = r.status,
                n.unresolved = false, n.firstSeen = $now, n.lastCrawled = $now""";
    private static final String BARE_PUBLISHED = """
            UNWIND $rows AS r
            MATCH (n:Model {id: r.id})
            MERGE (a:Author {name: r.author})
            MERGE (a)-[:PUBLISHED]->(n)""";
    private static final String BARE_LINEAGE = """
            UNWIND $rows AS r
            MATCH (c:Model {id: r.child}), (p:Model {id: r.parent})
            MERGE (c)-[e:DERIVED_FROM]->(p)
            SET e.relation = r.relation, e.source = r.source, e.sources = [r.source]""";
    private static final String BARE_TRAINED_ON = """
            UNWIND $rows AS r
            MATCH (m:Model {id: r.model})
            MERGE (d:Dataset {id: r.dataset})
              ON CREATE SET d:Repo, d.key = r.key, d.unresolved = true, d.firstSeen = $now
            MERGE (m)-[e:TRAINED_ON]->(d)
            SET e.source = r.source""";

    public static void run(PrintStream out, Path workDir, int models, int batch) {
        long t0 = System.nanoTime();
        try (Graph ours = Graph.open(GraphConfig.embedded(workDir.resolve("bench-graph-ours")));
             Graph bare = Graph.open(GraphConfig.embedded(workDir.resolve("bench-graph-bare")))) {
            out.printf("embedded Neo4j start (two fresh stores, schema applied): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            CrawlStore store = new CrawlStore(ours);
            Random rnd = new Random(42);
            long[] oursNs = new long[2];   // wall, process CPU
            long[] bareNs = new long[2];
            // warm-up, not timed: both stores share this JVM, so whichever wrote first would pay for
            // compiling the Cypher runtime and planning its statements; the first batches run several
            // times slower than the later ones until the JIT has settled, so two are spent on it
            int warmBatches = models >= 4 * batch ? 2 : models > batch ? 1 : 0;
            List<Double> pairs = new ArrayList<>();
            int index = 0;
            for (int start = 0; start < models; start += batch, index++) {
                CrawlRows.Batch rows = batch(rnd, start, Math.min(models, start + batch));
                if (index < warmBatches) {
                    store.upsertAll(rows);
                    writeBare(bare, rows);
                    continue;
                }
                // alternate which side goes first, so neither always writes into a warmer machine, and
                // start each timed write from a collected heap, so neither pays for the other's garbage
                boolean oursFirst = (index - warmBatches) % 2 == 0;
                long[] o = new long[2];
                long[] w = new long[2];
                if (oursFirst) time(o, () -> store.upsertAll(rows));
                time(w, () -> writeBare(bare, rows));
                if (!oursFirst) time(o, () -> store.upsertAll(rows));
                for (int k = 0; k < 2; k++) {
                    oursNs[k] += o[k];
                    bareNs[k] += w[k];
                }
                pairs.add((double) w[1] / o[1]);
                out.printf("  batch %d (%s first): CrawlStore %.2f s CPU, bare %.2f s CPU, ratio %.2f%n", index,
                        oursFirst ? "ours" : "bare", o[1] / 1e9, w[1] / 1e9, (double) w[1] / o[1]);
            }
            long[] a = totals(ours);
            long[] b = totals(bare);
            int timed = Math.max(0, models - warmBatches * batch);
            out.printf("first %d batches (%d models) written to both stores untimed as warm-up; rates are for the other %d models%n",
                    warmBatches, models - timed, timed);
            report(out, "CrawlStore", timed, batch, a, oursNs);
            report(out, "bare UNWIND … MERGE", timed, batch, b, bareNs);
            out.printf("same graph: %s%n", a[0] == b[0] && a[1] == b[1] ? "yes (node and relationship counts equal)"
                    : "NO (ours " + a[0] + "/" + a[1] + ", bare " + b[0] + "/" + b[1] + ")");
            out.printf("load average %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            List<Double> sorted = pairs.stream().sorted().toList();
            double median = sorted.isEmpty() ? Double.NaN : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            out.printf("ratio %.2f (by process CPU time over all timed batches; median of the %d batch ratios %.2f; by wall clock %.2f)%n",
                    (double) bareNs[1] / oursNs[1], pairs.size(), median, (double) bareNs[0] / oursNs[0]);
        }
    }

    /** Models {@code start..end-1}: power-law lineage to earlier models, 5,000 authors, every 4th model trained on one of 2,000 datasets. */
    static CrawlRows.Batch batch(Random rnd, int start, int end) {
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
        return new CrawlRows.Batch(repos, List.of(), lineage, trained, List.of(), List.of(), List.of());
    }

    /** The same rows as plain maps and the statements above, in one write transaction. */
    private static void writeBare(Graph g, CrawlRows.Batch b) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Map<String, Object>> repos = new ArrayList<>();
        for (CrawlRows.Repo r : b.repos()) {
            Map<String, Object> p = new HashMap<>();
            p.put("id", r.id());
            p.put("key", "model:" + r.id());
            p.put("hubId", r.hubId());
            p.put("author", r.author());
            p.put("sha", r.sha());
            p.put("lastModified", OffsetDateTime.parse(r.lastModified()));
            p.put("createdAt", OffsetDateTime.parse(r.createdAt()));
            p.put("private", r.isPrivate());
            p.put("gated", r.gated());
            p.put("disabled", r.disabled());
            p.put("downloads", r.downloads());
            p.put("likes", r.likes());
            p.put("license", r.license());
            p.put("pipelineTag", r.pipelineTag());
            p.put("libraryName", r.libraryName());
            p.put("tags", r.tags());
            p.put("status", r.status());
            repos.add(p);
        }
        List<Map<String, Object>> lineage = b.lineage().stream().map(l -> Map.<String, Object>of(
                "child", l.child(), "parent", l.parent(), "relation", l.relation(), "source", l.source())).toList();
        List<Map<String, Object>> trained = b.trainedOn().stream().map(t -> Map.<String, Object>of(
                "model", t.model(), "dataset", t.dataset(), "key", "dataset:" + t.dataset(), "source", t.source())).toList();
        try (var s = g.driver().session()) {
            s.executeWriteWithoutResult(tx -> {
                tx.run(BARE_REPOS, Map.of("rows", repos, "now", now)).consume();
                tx.run(BARE_PUBLISHED, Map.of("rows", repos)).consume();
                tx.run(BARE_LINEAGE, Map.of("rows", lineage)).consume();
                tx.run(BARE_TRAINED_ON, Map.of("rows", trained, "now", now)).consume();
            });
        }
    }

    /**
     * Adds the wall and process CPU time of {@code r} to {@code acc}. Embedded Neo4j runs in this
     * process, so CPU time counts the database's work too and is what stays comparable on a shared
     * machine, where wall time mostly measures other processes' load.
     */
    private static void time(long[] acc, Runnable r) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.gc();   // untimed
        long t = System.nanoTime();
        long c = os.getProcessCpuTime();
        r.run();
        acc[0] += System.nanoTime() - t;
        acc[1] += os.getProcessCpuTime() - c;
    }

    private static void report(PrintStream out, String what, int models, int batch, long[] totals, long[] ns) {
        double secs = ns[0] / 1e9;
        double cpu = ns[1] / 1e9;
        out.printf("%-20s %d models in %.1f s wall, %.1f s CPU (batch %d): %.0f models/s wall, %.0f per CPU-s;"
                        + " store now %d nodes, %d relationships%n", what, models, secs, cpu, batch, models / secs, models / cpu,
                totals[0], totals[1]);
    }

    private static long[] totals(Graph g) {
        try (var s = g.driver().session()) {
            return new long[] {s.run("MATCH (n) RETURN count(n)").single().get(0).asLong(),
                    s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong()};
        }
    }
}
