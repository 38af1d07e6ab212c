package dev.aiprov.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.cli.Main;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.RepoType;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real browser (Debian's chromium + chromedriver, headless) over a graph built by
 * a real crawl of a fake Hub and an inventory import. Skipped when no Chromium is installed.
 */
class WebPageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token-0123456789abcdef";
    /** Card text with HTML in it: must show as text, never as an element. */
    static final String HTML_LICENSE = "<img src=x id=injected onerror=\"document.body.dataset.pwned='yes'\">";
    static final String HTML_OWNER = "<b id=\"bold-owner\">payments</b> team";
    /**
     * Descendants of {@link WebBenchmark#BASE}: more than the first picture draws, than one chunk of
     * table rows and than the edges the page tabulates without being asked.
     */
    static final int WIDE = 600;

    @TempDir
    static Path dir;
    static MockWebServer hubServer;
    static Graph graph;
    static WebServer web;
    static WebDriver browser;
    static String base;
    /** What the CLI printed with --format json, by API path. */
    static final List<String[]> cliJson = new ArrayList<>();

    @BeforeAll
    static void crawlImportAndServe() throws Exception {
        FakeHub hub = new FakeHub();
        ObjectNode b = hub.add(RepoType.MODEL, "org/base");
        card(b).put("license", HTML_LICENSE);
        card(b).putArray("datasets").add("org/data");
        card(b).put("base_model", "ghost/never-crawled");
        ObjectNode ft = hub.add(RepoType.MODEL, "org/ft");
        card(ft).put("base_model", "org/base");
        card(ft).put("base_model_relation", "finetune");
        hub.add(RepoType.MODEL, "org/adapter");
        hub.addAdapterConfig("org/adapter", "org/ft");
        hub.add(RepoType.DATASET, "org/data");
        hub.add(RepoType.SPACE, "org/demo").putArray("models").add("org/adapter");
        card(hub.add(RepoType.MODEL, "org/loop-a")).put("base_model", "org/loop-b");
        card(hub.add(RepoType.MODEL, "org/loop-b")).put("base_model", "org/loop-a");
        hubServer = new MockWebServer();
        hubServer.setDispatcher(hub);
        hubServer.start();

        Path g = dir.resolve("graph");
        String crawl = cli("--graph", g.toString(), "crawl", "--model", "org/base", "org/ft", "org/adapter", "org/loop-a",
                "--space", "org/demo", "--dataset", "org/data", "--endpoint", hubServer.url("/").toString(), "--no-progress");
        assertNotNull(crawl);
        String ftSha = hub.info(RepoType.MODEL, "org/ft").get("sha").asText();
        String loopSha = hub.info(RepoType.MODEL, "org/loop-a").get("sha").asText();
        Path manifest = dir.resolve("aiprov.yaml");
        Files.writeString(manifest, """
                deployments:
                  - name: app-prod
                    environment: prod
                    owner: '%s'
                    uses:
                      - model: org/ft
                        revision: %s
                  - name: app-dev
                    environment: dev
                    owner: ml-team
                    uses:
                      - model: org/adapter
                  - name: app-other
                    environment: prod
                    owner: search-team
                    uses:
                      - model: org/loop-a
                        revision: %s
                """.formatted(HTML_OWNER, ftSha, loopSha));
        cli("--graph", g.toString(), "inventory", "import", manifest.toString());

        // the CLI's JSON, to compare with the API's (the embedded graph is one process's at a time)
        cliJson.add(new String[]{"lineage?model=org/ft&direction=both",
                cli("--graph", g.toString(), "lineage", "model:org/ft", "--both", "--format", "json")});
        cliJson.add(new String[]{"exposure?artifact=author:org&since=2020-01-01&until=2030-12-31",
                cli("--graph", g.toString(), "exposure", "author:org", "--since", "2020-01-01", "--until", "2030-12-31", "--format", "json")});
        cliJson.add(new String[]{"findings", cli("--graph", g.toString(), "findings", "--format", "json")});
        cliJson.add(new String[]{"alerts", cli("--graph", g.toString(), "alerts", "--format", "json")});
        cliJson.add(new String[]{"inventory", cli("--graph", g.toString(), "inventory", "list", "--format", "json")});
        cliJson.add(new String[]{"policy", cliAnyExit("--graph", g.toString(), "policy", "check", "--format", "json")});

        graph = Graph.open(GraphConfig.embedded(g));
        // a base with more descendants than the first picture draws (after the CLI runs: it changes no answer they printed)
        WebBenchmark.wideBase(graph, WIDE, 0);
        web = WebServer.start(graph, "127.0.0.1", 0, TOKEN);
        base = "http://127.0.0.1:" + web.port();
    }

    static ObjectNode card(ObjectNode info) {
        return (ObjectNode) info.get("cardData");
    }

    /** The CLI's output when exit 0 or 1 (policy check exits 1 on a violation) is an answer. */
    static String cliAnyExit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(code == 0 || code == 1, String.join(" ", args) + "\n" + err);
        return out.toString();
    }

    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + "\n" + err);
        return out.toString();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (web != null) web.close();
        if (graph != null) graph.close();
        if (hubServer != null) hubServer.close();
    }

    /** The headless browser, started on first use; the test is skipped when Chromium is not installed. */
    static WebDriver browser() {
        if (browser != null) return browser;
        File chromium = executable("chromium", "chromium-browser", "google-chrome");
        File driver = executable("chromedriver");
        assumeTrue(chromium != null && driver != null,
                "browser tests skipped: no chromium and chromedriver on PATH (apt-get install chromium chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        // the token once in the URL: the server sets the cookie and redirects to the clean URL
        browser.get(web.url().toString());
        assertEquals(base + "/", browser.getCurrentUrl());
        return browser;
    }

    static File executable(String... names) {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String n : names) {
                File f = new File(dirName, n);
                if (f.canExecute()) return f;
            }
        }
        return null;
    }

    static void open(String path) {
        WebDriver b = browser();
        b.get(base + path);
        new WebDriverWait(b, Duration.ofSeconds(90)).until(d ->
                "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered"))
                        || !d.findElement(By.id("status")).getText().isBlank() && d.findElement(By.id("status")).getDomAttribute("class").contains("error"));
        assertEquals("", b.findElement(By.id("status")).getText(), "page reported an error");
    }

    static List<WebElement> rows(String tableSelector) {
        return browser.findElements(By.cssSelector(tableSelector + " tbody tr[data-row]"));
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = get("/api/" + path, "aiprov-token-" + web.port() + "=" + TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) rq.header("Cookie", cookie);
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(rq.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLineagePageDrawsEveryNodeWithItsMarksAndNamesEachOneInTheDom() throws Exception {
        open("/lineage?model=org/ft");
        JsonNode g = api("lineage?model=org/ft&direction=both");
        Set<String> keys = new HashSet<>();
        g.get("nodes").forEach(n -> keys.add(n.get("key").asText()));
        // the ancestors, the training data, the unresolved grandparent, descendants, the Space and the deployments
        assertTrue(keys.containsAll(Set.of("model:org/ft", "model:org/base", "model:ghost/never-crawled", "dataset:org/data",
                "model:org/adapter", "space:org/demo", "deployment:app-prod", "deployment:app-dev")), keys.toString());
        Set<String> shown = rows("table.nodes").stream()
                .map(r -> r.findElement(By.cssSelector("td:first-child")).getText()).collect(Collectors.toSet());
        assertEquals(keys, shown);
        assertNotNull(browser.findElement(By.cssSelector("#graph canvas")));
        String text = browser.findElement(By.tagName("main")).getText();
        assertTrue(text.contains("unresolved"), text);
        // each edge with its relation and where the claim was read
        Set<String> edges = rows("table.edges").stream().map(WebElement::getText).collect(Collectors.toSet());
        assertTrue(edges.contains("model:org/ft finetune · cardData model:org/base"), edges.toString());
        assertTrue(edges.contains("model:org/adapter adapter · adapter_config model:org/ft"), edges.toString());
        assertTrue(edges.stream().anyMatch(e -> e.startsWith("deployment:app-prod uses @") && e.contains("(pinned)")), edges.toString());
        assertNoCspViolations();

        // a node's link goes to its own page
        browser.findElement(By.linkText("model:org/base")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
        assertEquals(base + "/lineage?model=org%2Fbase", browser.getCurrentUrl());
    }

    @Test
    void aBigLineageDrawsAFewNodesWithBoxesThatExpandAndTheTableListsEveryNode() throws Exception {
        open("/lineage?model=" + WebBenchmark.BASE);
        Set<String> keys = new HashSet<>();
        api("lineage?model=" + WebBenchmark.BASE + "&direction=both").get("nodes").forEach(n -> keys.add(n.get("key").asText()));
        assertEquals(WIDE + 1, keys.size());

        // the picture: a first handful of nodes, the rest in "+N more" boxes
        WebElement graphDiv = browser.findElement(By.id("graph"));
        int drawn = Integer.parseInt(graphDiv.getDomAttribute("data-drawn"));
        assertTrue(drawn > 1 && drawn < keys.size(), "drawn " + drawn);
        assertEquals("1", graphDiv.getDomAttribute("data-boxes"));
        browser.findElement(By.cssSelector("#more summary")).click();
        WebElement box = browser.findElement(By.cssSelector("#more button[data-box]"));
        assertEquals("+" + (keys.size() - drawn) + " more models at " + WebBenchmark.BASE, box.getText());
        box.click();
        assertEquals(drawn + 60, Integer.parseInt(graphDiv.getDomAttribute("data-drawn")));
        assertTrue(browser.findElement(By.cssSelector("#more button[data-box]")).getText()
                .startsWith("+" + (keys.size() - drawn - 60) + " more models"));

        // the table: every node, built in chunks after the first render
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                "true".equals(d.findElement(By.cssSelector("table.nodes")).getDomAttribute("data-complete")));
        Set<String> listed = rows("table.nodes").stream()
                .map(r -> r.findElement(By.cssSelector("td:first-child")).getText()).collect(Collectors.toSet());
        assertEquals(keys, listed);
        WebElement filter = browser.findElement(By.cssSelector("#nodes input.filter"));
        filter.sendKeys("/finetune-399");
        List<WebElement> hit = rows("table.nodes");
        assertEquals(1, hit.size());
        assertTrue(hit.get(0).getText().startsWith("model:bench-ft49/finetune-399 "), hit.get(0).getText());

        // the edge table of a big lineage is built when asked for
        assertTrue(browser.findElements(By.cssSelector("table.edges")).isEmpty());
        browser.findElement(By.id("show-edges")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                "true".equals(d.findElement(By.cssSelector("table.edges")).getDomAttribute("data-complete")));
        assertEquals(WIDE, rows("table.edges").size());
        assertNoCspViolations();
    }

    @Test
    void aCycleIsMarked() {
        open("/lineage?model=org/loop-a");
        List<String> marks = rows("table.nodes").stream().map(WebElement::getText).toList();
        assertEquals(2, marks.stream().filter(m -> m.contains("cycle")).count(), marks.toString());
    }

    @Test
    void htmlInCardTextAndOwnerRendersAsText() {
        open("/lineage?model=org/base");
        WebElement baseRow = rows("table.nodes").stream()
                .filter(r -> r.getText().startsWith("model:org/base ")).findFirst().orElseThrow();
        assertTrue(baseRow.getText().contains(HTML_LICENSE), baseRow.getText());
        assertTrue(browser.findElements(By.id("injected")).isEmpty(), "an element was injected from card text");
        assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty());
        assertFalse("yes".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-pwned")));

        open("/inventory");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains(HTML_OWNER));
        assertTrue(browser.findElements(By.id("bold-owner")).isEmpty(), "an element was injected from the owner");
    }

    @Test
    void theExposurePageNamesExactlyTheAffectedDeploymentsAndOffersTheReport() throws Exception {
        open("/exposure?artifact=model:org/base");
        List<WebElement> affected = rows("table.affected");
        Set<String> names = new HashSet<>();
        for (WebElement r : affected) names.add(r.findElement(By.cssSelector("td:nth-child(2)")).getText());
        // app-other uses an unrelated model; nothing else is reached from org/base
        assertEquals(Set.of("app-prod", "app-dev", "org/demo"), names);
        WebElement prod = affected.stream().filter(r -> r.getText().contains("app-prod")).findFirst().orElseThrow();
        assertTrue(prod.getText().contains("pinned"), prod.getText());
        assertTrue(prod.getText().contains(HTML_OWNER), prod.getText());
        assertTrue(prod.getText().contains("deployment:app-prod → model:org/ft → model:org/base"), prod.getText());
        WebElement dev = affected.stream().filter(r -> r.getText().contains("app-dev")).findFirst().orElseThrow();
        assertTrue(dev.getText().contains("floating"), dev.getText());

        String href = browser.findElement(By.cssSelector("a.download")).getDomAttribute("href");
        HttpResponse<String> md = get(href, "aiprov-token-" + web.port() + "=" + TOKEN);
        assertEquals(200, md.statusCode());
        assertTrue(md.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        assertTrue(md.body().startsWith("# "), md.body());
        assertTrue(md.body().contains("app-prod") && !md.body().contains("app-other"), md.body());

        open("/exposure?artifact=author:org&since=2020-01-01&until=2030-12-31");
        assertFalse(rows("table.affected").isEmpty());
    }

    @Test
    void theTablesSortAndFilter() throws Exception {
        open("/inventory");
        List<WebElement> r = rows("table");
        assertEquals(3, r.size());
        // each use shows the default policy's verdict, the same as `policy check --format json`
        JsonNode policy = api("policy");
        java.util.Set<String> failing = new java.util.HashSet<>();
        for (JsonNode v : policy.get("violations")) failing.add(v.get("deployment").asText() + " " + v.get("artifact").asText());
        JsonNode uses = api("inventory");
        assertEquals(uses.size(), r.size());
        List<String> shown = browser.findElements(By.cssSelector("table tbody tr[data-row] .tag.policy")).stream()
                .map(WebElement::getText).toList();
        assertEquals(r.size(), shown.size(), shown.toString());
        long expectFailing = 0;
        for (JsonNode u : uses) if (failing.contains(u.get("deployment").asText() + " " + u.get("artifact").asText())) expectFailing++;
        assertEquals(expectFailing, shown.stream().filter(t -> t.startsWith("fails: ")).count(), shown.toString());
        assertEquals(r.size() - expectFailing, shown.stream().filter(t -> t.equals("passes")).count(), shown.toString());
        assertTrue(expectFailing > 0, "the fixture has a floating use, which breaks the default policy: " + policy);
        WebElement filter = browser.findElement(By.cssSelector("input.filter"));
        filter.sendKeys("ml-team");
        assertEquals(1, rows("table").size());
        filter.clear();
        filter.sendKeys(" ");   // an input event after clear
        browser.findElement(By.cssSelector("th[data-key=deployment]")).click();
        List<String> order = rows("table").stream().map(x -> x.findElement(By.cssSelector("td")).getText()).toList();
        assertEquals(List.of("app-dev", "app-other", "app-prod"), order);
        browser.findElement(By.cssSelector("th[data-key=deployment]")).click();
        order = rows("table").stream().map(x -> x.findElement(By.cssSelector("td")).getText()).toList();
        assertEquals(List.of("app-prod", "app-other", "app-dev"), order);

        open("/findings");
        open("/alerts");
        open("/?q=org");
        String results = browser.findElement(By.id("results")).getText();
        assertTrue(results.contains("org/base") && results.contains("org/demo") && results.contains("org/data"), results);
        open("/?q=ml-team");   // a deployment by its owner
        assertEquals("deployment app-dev ml-team", browser.findElement(By.id("results")).getText());
        assertTrue(browser.findElement(By.id("counts")).getText().contains("deployments"));
        assertNoCspViolations();
    }

    @Test
    void theTokenBecomesAStrictHttpOnlyCookieAndNothingIsServedWithoutIt() throws Exception {
        browser();
        Cookie c = browser.manage().getCookieNamed("aiprov-token-" + web.port());
        assertNotNull(c);
        assertTrue(c.isHttpOnly());
        assertEquals("Strict", c.getSameSite());
        assertEquals("/", c.getPath());

        HttpResponse<String> redirect = get("/lineage?model=org/ft&token=" + TOKEN, null);
        assertEquals(303, redirect.statusCode());
        assertEquals("/lineage?model=org/ft", redirect.headers().firstValue("Location").orElseThrow());
        String setCookie = redirect.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);

        assertEquals(401, get("/", null).statusCode());
        assertEquals(401, get("/api/lineage?model=org/ft", null).statusCode());
        assertEquals(403, get("/api/inventory", "aiprov-token-" + web.port() + "=wrong-token-0123456789").statusCode());
        assertEquals(403, get("/?token=nope", null).statusCode());
        assertFalse(get("/api/inventory", null).body().contains("app-prod"));

        HttpResponse<String> page = get("/exposure", "aiprov-token-" + web.port() + "=" + TOKEN);
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
        assertFalse(page.body().contains("<script>"), "no inline script");
    }

    @Test
    void aForeignHostHeaderAndAWriteAreRefused() throws Exception {
        String cookie = "aiprov-token-" + web.port() + "=" + TOKEN;
        // DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends its own name as Host
        assertTrue(raw("GET /api/inventory HTTP/1.1\r\nHost: evil.example:" + web.port() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 403"));
        assertTrue(raw("GET /api/inventory HTTP/1.1\r\nHost: localhost:" + web.port() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        assertTrue(raw("POST /api/inventory HTTP/1.1\r\nHost: 127.0.0.1:" + web.port() + "\r\nCookie: " + cookie
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 405"));
    }

    static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", web.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theApiAnswersAreTheCliJsonByteForByte() throws Exception {
        for (String[] c : cliJson) {
            HttpResponse<String> r = get("/api/" + c[0], "aiprov-token-" + web.port() + "=" + TOKEN);
            assertEquals(200, r.statusCode(), c[0] + ": " + r.body());
            assertEquals(c[1], r.body(), c[0]);
        }
        HttpResponse<String> bad = get("/api/exposure?artifact=nonsense", "aiprov-token-" + web.port() + "=" + TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("error").asText().contains("KIND:VALUE"), bad.body());
        assertEquals(404, get("/api/lineage?model=nobody/nothing", "aiprov-token-" + web.port() + "=" + TOKEN).statusCode());
    }

    static void assertNoCspViolations() {
        List<String> problems = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() || e.getMessage().contains("Content Security Policy")) {
                problems.add(e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
