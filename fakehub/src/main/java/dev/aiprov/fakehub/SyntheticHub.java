package dev.aiprov.fakehub;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.ScanRows;
import dev.aiprov.graph.ScanStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic Hub with the lineage shape of the real one, for benchmarks: preferential attachment
 * (a few bases with huge fan-out, most models with none), derivation chains of 1–8, merges with
 * 2–3 parents, ~2% of parents never crawled (unresolved), datasets and Spaces with Zipf-like
 * popularity, 1–3 dated revisions per model, findings on 0.5% of models, and thousands of
 * deployments pinned (60%) or unpinned. Everything goes through the real write paths: crawl data
 * through {@link CrawlStore} as the crawler writes it, deployments through
 * {@link InventoryStore#importDeployments} as {@code inventory import} does, and findings through
 * {@link ScanStore} as the crawl's scan step records them (a result per content, then its files linked).
 */
public final class SyntheticHub {
    private static final int MAX_CHAIN = 8;
    private static final long DAY_MS = 86_400_000L;
    private static final long EPOCH_2023 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();

    /** The scanner version the synthetic findings are recorded under. */
    public static final String SCANNER_VERSION = "synthetic";

    private static final Instant PULLED_AT = Instant.parse("2025-01-01T00:00:00Z");

    /** What was loaded, and samples to query with. */
    public record Loaded(int models, int datasets, int spaces, int deployments, int authors, double seconds,
                         List<String> hotModels, List<String> ruleIds) {
    }

    private SyntheticHub() {
    }

    public static String modelId(int i, int authors) {
        return author(i, authors) + "/model-" + i;
    }

    public static String author(int i, int authors) {
        // Zipf-like: a few orgs publish most models
        long h = (i * 2654435761L) & 0x7fffffff;
        double u = (h % 1_000_003) / 1_000_003.0;
        return "org" + (int) (authors * u * u * u);
    }

    public static int authorsFor(int models) {
        return Math.max(50, models / 20);
    }

    /** Revisions of model {@code i}: 1–3 shas, dated oldest first; the last is the head. */
    public static String[] revisions(int i) {
        int n = 1 + Math.floorMod(i * 31, 3);
        String[] out = new String[n];
        for (int k = 0; k < n; k++) out[k] = String.format("%08x%032x", i, (long) k + 1);
        return out;
    }

    public static String revisionDate(int i, int k) {
        long day = Math.floorMod(i * 7L, 600) + k * 30L;
        return Instant.ofEpochMilli(EPOCH_2023 + day * DAY_MS).toString();
    }

    public static Loaded load(Graph g, int models, int batch, long seed) {
        long t0 = System.nanoTime();
        Random rnd = new Random(seed);
        CrawlStore store = new CrawlStore(g);
        ScanStore scans = new ScanStore(g);
        InventoryStore inventory = new InventoryStore(g);
        int authors = authorsFor(models);
        int datasets = Math.max(10, models / 20);
        int spaces = Math.max(10, models / 10);
        int deployments = Math.min(20_000, Math.max(2_000, models / 50));

        for (int start = 0; start < datasets; start += batch) {
            List<CrawlRows.Repo> rows = new ArrayList<>();
            for (int i = start; i < Math.min(datasets, start + batch); i++) {
                rows.add(repo(RepoType.DATASET, "data" + (i % 500) + "/ds-" + i, "data" + (i % 500), String.format("%040x", i)));
            }
            store.upsertRepos(rows);
        }

        int[] depth = new int[models];
        int[] children = new int[models];
        int[] pool = new int[models * 2 + 16];   // preferential attachment: one slot per model plus one per child
        int poolSize = 0;
        List<String> ruleIds = List.of("PICKLE_GLOBAL_OS_SYSTEM", "PICKLE_GLOBAL_BUILTINS_EXEC", "KERAS_LAMBDA_LAYER");
        for (int start = 0; start < models; start += batch) {
            int end = Math.min(models, start + batch);
            List<CrawlRows.Repo> repos = new ArrayList<>();
            List<CrawlRows.Lineage> lineage = new ArrayList<>();
            List<CrawlRows.TrainedOn> trained = new ArrayList<>();
            List<CrawlRows.Revision> revs = new ArrayList<>();
            List<CrawlRows.File> files = new ArrayList<>();
            Map<String, ScanRows.Result> findings = new HashMap<>();   // repo key -> the result for its checkpoint
            for (int i = start; i < end; i++) {
                String id = modelId(i, authors);
                String[] shas = revisions(i);
                repos.add(repo(RepoType.MODEL, id, author(i, authors), shas[shas.length - 1]));
                for (int k = 0; k < shas.length; k++) {
                    revs.add(new CrawlRows.Revision(RepoType.MODEL, id, shas[k], revisionDate(i, k), "commit " + k));
                }
                if (i > 0 && rnd.nextDouble() < 0.7) {
                    int parents = rnd.nextDouble() < 0.05 ? 2 + rnd.nextInt(2) : 1;
                    String relation = parents > 1 ? "merge" : pick(rnd, "finetune", "finetune", "adapter", "quantized");
                    for (int p = 0; p < parents; p++) {
                        if (rnd.nextDouble() < 0.02) {
                            lineage.add(new CrawlRows.Lineage(id, "ghost" + rnd.nextInt(1000) + "/base-" + rnd.nextInt(100), relation, "cardData"));
                            continue;
                        }
                        int parent = pool[rnd.nextInt(poolSize)];
                        for (int tries = 0; depth[parent] >= MAX_CHAIN && tries < 8; tries++) parent = pool[rnd.nextInt(poolSize)];
                        if (depth[parent] >= MAX_CHAIN || parent == i) continue;
                        depth[i] = Math.max(depth[i], depth[parent] + 1);
                        children[parent]++;
                        if (poolSize < pool.length) pool[poolSize++] = parent;
                        lineage.add(new CrawlRows.Lineage(id, modelId(parent, authors), relation, "cardData"));
                    }
                }
                if (poolSize < pool.length) pool[poolSize++] = i;
                if (rnd.nextDouble() < 0.4) {
                    int n = 1 + rnd.nextInt(2);
                    for (int k = 0; k < n; k++) {
                        double u = rnd.nextDouble();
                        int d = (int) (datasets * u * u);
                        trained.add(new CrawlRows.TrainedOn(id, "data" + (d % 500) + "/ds-" + d, "cardData"));
                    }
                }
                if (rnd.nextDouble() < 0.005) {
                    String sha = shas[shas.length - 1];
                    files.add(new CrawlRows.File(RepoType.MODEL, id, sha, "pytorch_model.bin", 1L << 20,
                            String.format("%064x", (long) i * 104729), String.format("%040x", i), null));
                    String rule = ruleIds.get(rnd.nextInt(ruleIds.size()));
                    findings.put("model:" + id, new ScanRows.Result(String.format("%064x", (long) i * 104729), SCANNER_VERSION,
                            "judged", null, "pickle", 1L << 20, 1L << 20, 1L << 20, List.of(new ScanRows.FoundIssue(rule,
                            "CRITICAL", "synthetic " + rule, "data.pkl", null, null, null))));
                }
            }
            store.upsertRepos(repos);
            store.upsertLineage(lineage);
            store.upsertTrainedOn(trained);
            store.upsertRevisions(revs);
            store.upsertFiles(files);
            recordFindings(scans, findings);
        }

        for (int start = 0; start < spaces; start += batch) {
            List<CrawlRows.Repo> rows = new ArrayList<>();
            List<CrawlRows.Uses> uses = new ArrayList<>();
            for (int i = start; i < Math.min(spaces, start + batch); i++) {
                String id = "space" + (i % 2000) + "/app-" + i;
                rows.add(repo(RepoType.SPACE, id, "space" + (i % 2000), String.format("%040x", i)));
                int n = 1 + rnd.nextInt(2);
                for (int k = 0; k < n; k++) uses.add(new CrawlRows.Uses(id, RepoType.MODEL, modelId(pool[rnd.nextInt(poolSize)], authors)));
            }
            store.upsertRepos(rows);
            store.upsertUses(uses);
        }

        List<InventoryStore.DeploymentRow> deps = new ArrayList<>();
        for (int i = 0; i < deployments; i++) {
            List<InventoryStore.UseRow> uses = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int k = 0; k < n; k++) {
                int m = pool[rnd.nextInt(poolSize)];
                String[] shas = revisions(m);
                boolean pinned = rnd.nextDouble() < 0.6;
                uses.add(new InventoryStore.UseRow(RepoType.MODEL, modelId(m, authors), pinned ? shas[rnd.nextInt(shas.length)] : "main",
                        pinned, "synthetic", PULLED_AT, null));
            }
            deps.add(new InventoryStore.DeploymentRow("deploy-" + i, i % 3 == 0 ? "prod" : "staging", "team-" + (i % 50), null, uses));
            if (deps.size() >= Math.max(1, batch / 2)) {
                inventory.importDeployments(deps);
                deps = new ArrayList<>();
            }
        }
        inventory.importDeployments(deps);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < models; i++) if (children[i] > 0) order.add(i);
        order.sort((a, b) -> Integer.compare(children[b], children[a]));
        List<String> hot = new ArrayList<>();
        for (int i = 0; i < Math.min(20, order.size()); i++) hot.add(modelId(order.get(i), authors));
        return new Loaded(models, datasets, spaces, deployments, authors, (System.nanoTime() - t0) / 1e9, hot, ruleIds);
    }

    private static CrawlRows.Repo repo(RepoType type, String id, String author, String sha) {
        return new CrawlRows.Repo(type, id, null, author, sha, "2025-01-01T00:00:00.000Z", "2023-01-01T00:00:00.000Z",
                false, "false", false, 10L, 1L, "apache-2.0", type == RepoType.MODEL ? "text-generation" : null,
                type == RepoType.MODEL ? "transformers" : null, List.of(), type == RepoType.SPACE ? "gradio" : null, "ok", null);
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    /**
     * As the crawl's scan step does: one result per content, then each pending file of those repos
     * linked to its content's result (file keys as the store made them).
     */
    private static void recordFindings(ScanStore scans, Map<String, ScanRows.Result> byRepo) {
        if (byRepo.isEmpty()) return;
        byRepo.values().forEach(scans::record);
        Map<String, String> fileToContent = new HashMap<>();
        for (ScanStore.PendingFile f : scans.pendingFiles(List.copyOf(byRepo.keySet()), SCANNER_VERSION)) {
            fileToContent.put(f.fileKey(), f.contentKey());
        }
        scans.linkFiles(fileToContent, SCANNER_VERSION);
    }
}
