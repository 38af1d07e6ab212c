package dev.aiprov.cli.web;

import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.InventoryStore;
import dev.aiprov.graph.RepoType;
import dev.aiprov.fakehub.SyntheticHub;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench web}: time to first render of /lineage and /exposure in headless Chromium, on a
 * synthetic Hub (the {@code bench queries} generator, written through the real write paths) plus a
 * base model with 2,000 fine-tuned descendants and 200 deployments. "First render" is the moment
 * the page marks itself rendered: API answered, tables built and, for /lineage, the first frame of
 * the picture drawn. Not a test; run it by hand:
 *
 * <pre>
 * mvn -o -q -pl cli -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp cli/target/classes:cli/target/test-classes:$(cat cli/cp.txt) dev.aiprov.cli.web.WebBenchmark [MODELS] [DIR]
 * </pre>
 */
public final class WebBenchmark {
    static final String BASE = "bench-base/base-model";
    static final int DESCENDANTS = 2000;
    static final int DEPLOYMENTS = 200;
    static final int SAMPLES = 5;

    private WebBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("aiprov-bench-web");
        File chromium = WebPageTest.executable("chromium", "chromium-browser", "google-chrome");
        File driverExe = WebPageTest.executable("chromedriver");
        if (chromium == null || driverExe == null) {
            System.err.println("bench web: needs chromium and chromedriver on PATH");
            System.exit(2);
        }
        Path marker = dir.resolve("bench-web.loaded");
        try (Graph g = Graph.open(GraphConfig.embedded(dir.resolve("bench-web")))) {
            String[] reused = reuse(marker, models);
            String hot;
            int authors;
            if (reused != null) {
                hot = reused[0];
                authors = Integer.parseInt(reused[1]);
                System.out.printf("reusing the %,d-model store loaded earlier in %s%n%n", models, dir);
            } else {
                System.out.printf("loading a synthetic Hub of %,d models…%n", models);
                SyntheticHub.Loaded h = SyntheticHub.load(g, models, 5000, 42);
                System.out.printf("loaded in %.1f s; adding %s with %,d descendants and %d deployments…%n", h.seconds(), BASE,
                        DESCENDANTS, DEPLOYMENTS);
                long t0 = System.nanoTime();
                wideBase(g);
                System.out.printf("added in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
                hot = h.hotModels().get(0);
                authors = h.authors();
                Files.writeString(marker, models + "\n" + hot + "\n" + authors + "\n");
            }

            String token = "bench-token-0123456789abcdef";
            try (WebServer web = WebServer.start(g, "127.0.0.1", 0, token)) {
                ChromeOptions o = new ChromeOptions();
                o.setBinary(chromium);
                o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
                WebDriver b = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driverExe)
                        .usingAnyFreePort().build(), o);
                try {
                    b.get(web.url().toString());
                    String base = "http://127.0.0.1:" + web.port();
                    String any = SyntheticHub.modelId(models / 2, authors);
                    // warm the JVM, the query plans and the browser's cache of the scripts
                    for (int i = 0; i < 2; i++) {
                        render(b, base + "/lineage?model=" + enc(any), Duration.ofMinutes(10));
                        render(b, base + "/exposure?artifact=" + enc("model:" + any), Duration.ofMinutes(10));
                    }
                    System.out.printf("%-58s %7s %10s %10s %8s%n", "page (headless chromium, " + SAMPLES + " loads each)",
                            "rows", "p50 ms", "max ms", "in-page");
                    report(b, "/lineage, base with 2,000 descendants", base + "/lineage?model=" + enc(BASE));
                    report(b, "/lineage, top most-derived synthetic base", base + "/lineage?model=" + enc(hot));
                    report(b, "/lineage, random model", base + "/lineage?model=" + enc(any));
                    report(b, "/exposure, base with 2,000 descendants", base + "/exposure?artifact=" + enc("model:" + BASE));
                    report(b, "/exposure, top most-derived synthetic base", base + "/exposure?artifact=" + enc("model:" + hot));
                    report(b, "/exposure, random model", base + "/exposure?artifact=" + enc("model:" + any));
                    String shots = System.getProperty("screenshots");
                    if (shots != null) {
                        screenshot(b, base + "/lineage?model=" + enc(BASE), Path.of(shots, "lineage-2000.png"));
                        screenshot(b, base + "/lineage?model=" + enc(hot), Path.of(shots, "lineage-hot.png"));
                    }
                } finally {
                    b.quit();
                }
            }
        }
    }

    /** [hot model, authors] when DIR holds a store loaded by an earlier run with the same MODELS, else null. */
    static String[] reuse(Path marker, int models) throws java.io.IOException {
        if (!Files.isRegularFile(marker)) return null;
        List<String> lines = Files.readAllLines(marker);
        return lines.size() == 3 && lines.get(0).equals(Integer.toString(models)) ? new String[]{lines.get(1), lines.get(2)} : null;
    }

    /** The 2,000-descendant base, through the crawl's and the inventory's own write paths. */
    static void wideBase(Graph g) {
        wideBase(g, DESCENDANTS, DEPLOYMENTS);
    }

    /** {@link #BASE} with DESCENDANTS fine-tunes and adapters (in 50 orgs) and DEPLOYMENTS using some of them. */
    static void wideBase(Graph g, int descendants, int deploymentCount) {
        CrawlStore crawl = new CrawlStore(g);
        List<CrawlRows.Repo> repos = new ArrayList<>();
        List<CrawlRows.Lineage> lineage = new ArrayList<>();
        repos.add(repo(BASE, 0));
        for (int i = 0; i < descendants; i++) {
            String id = "bench-ft" + (i % 50) + "/finetune-" + i;
            repos.add(repo(id, i + 1));
            lineage.add(new CrawlRows.Lineage(id, BASE, i % 5 == 0 ? "adapter" : "finetune", "cardData"));
        }
        crawl.upsertRepos(repos);
        crawl.upsertLineage(lineage);
        List<InventoryStore.DeploymentRow> deployments = new ArrayList<>();
        for (int i = 0; i < deploymentCount; i++) {
            String used = "bench-ft" + (i * 10 % 50) + "/finetune-" + (i * 10);
            boolean pinned = i % 3 != 0;
            deployments.add(new InventoryStore.DeploymentRow("bench-app-" + i, i % 2 == 0 ? "prod" : "staging", "team-" + (i % 7),
                    null, List.of(new InventoryStore.UseRow(RepoType.MODEL, used, pinned ? sha(i + 1) : null, pinned,
                    "https://huggingface.co", Instant.parse("2026-01-01T00:00:00Z"), 1))));
        }
        new InventoryStore(g).importDeployments(deployments);
    }

    static CrawlRows.Repo repo(String id, int i) {
        return new CrawlRows.Repo(RepoType.MODEL, id, String.format("%024x", i), id.substring(0, id.indexOf('/')), sha(i),
                "2025-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", false, "false", false, 10L, 1L, "apache-2.0",
                "text-generation", "transformers", List.of(), null, "ok", null);
    }

    static String sha(int i) {
        return String.format("%040x", 0xbe0000L + i);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Milliseconds from navigation to the page's rendered mark, measured by the driver and by the page. */
    static long[] render(WebDriver b, String url) {
        return render(b, url, Duration.ofMinutes(2));
    }

    /** (a store opened cold on a loaded machine can take minutes for its first queries: the warm-up waits longer) */
    static long[] render(WebDriver b, String url, Duration limit) {
        long t0 = System.nanoTime();
        b.get(url);
        new WebDriverWait(b, limit).until(d ->
                "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered"))
                        || d.findElement(By.id("status")).getDomAttribute("class").contains("error"));
        long wall = (System.nanoTime() - t0) / 1_000_000;
        String status = b.findElement(By.id("status")).getText();
        if (!status.isBlank()) throw new IllegalStateException(url + ": " + status);
        long inPage = Long.parseLong(b.findElement(By.tagName("body")).getDomAttribute("data-render-ms"));
        return new long[]{wall, inPage};
    }

    /** -Dscreenshots=DIR: the big lineage pages as PNGs (what the picture looks like at this size). */
    static void screenshot(WebDriver b, String url, Path png) throws java.io.IOException {
        render(b, url);
        Files.write(png, ((org.openqa.selenium.TakesScreenshot) b).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        System.out.println("wrote " + png);
    }

    /** The page's own marks (ms since navigation) and each /api answer's end time and size. */
    static final String PHASES = "return performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime)).join(', ')"
            + " + '; ' + performance.getEntriesByType('resource').filter(r => r.name.includes('/api/'))"
            + ".map(r => r.name.replace(/.*\\/api\\//, '').replace(/\\?.*/, '') + ' done ' + Math.round(r.responseEnd) + ' ('"
            + " + Math.round(r.decodedBodySize / 1024) + ' KiB)').join(', ')";

    static void report(WebDriver b, String name, String url) {
        long[] wall = new long[SAMPLES];
        long[] inPage = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long[] r;
            try {
                r = render(b, url);
            } catch (org.openqa.selenium.TimeoutException e) {
                System.out.printf("%-58s %7s %10s%n", name, "", "> 120,000 (not rendered in 2 minutes)");
                return;
            }
            wall[i] = r[0];
            inPage[i] = r[1];
        }
        Arrays.sort(wall);
        Arrays.sort(inPage);
        Object rows = ((JavascriptExecutor) b).executeScript("return document.body.dataset.rows || ''");
        System.out.printf("%-58s %7s %10d %10d %8d%n", name, rows, wall[SAMPLES / 2], wall[SAMPLES - 1], inPage[SAMPLES / 2]);
        System.out.println("    last load: " + ((JavascriptExecutor) b).executeScript(PHASES));
    }
}
