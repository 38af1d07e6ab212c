package dev.aiprov.crawler.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.bench.Corpus;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crawl job's scan step against a Hub that serves real checkpoints through the resolve endpoint
 * (302 to a CDN honouring Range), asserting what was transferred and what landed in the graph.
 */
class CrawlScanTest extends EmbeddedGraphTest {
    /** The installation key of these tests, for the keyed hash of leaked values. */
    static final byte[] HASH_KEY = "aiprov-test-secret-hash-key-0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    static Path files;
    static Path bigCheckpoint;
    static final long BIG_TENSOR = 3L << 30;   // a 3 GiB tensor member: never fetched

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path home;

    private final FakeHub hub = new FakeHub();
    private final FakeHub resolve = hub;   // the same Hub serves the files
    static final String TOKEN = token();

    @BeforeAll
    static void setUp() throws IOException {
        bigCheckpoint = files.resolve("big.bin");
        Corpus.sparseTorchZip(bigCheckpoint, Corpus.stateDictPickle(200, 4096), BIG_TENSOR);
    }

    static String token() {
        Random r = new Random(99);
        StringBuilder sb = new StringBuilder("hf_");
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < 34; i++) sb.append(letters.charAt(r.nextInt(letters.length())));
        return sb.toString();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CrawlScanTest.class.getResourceAsStream("/checkpoints/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Replaces a fake repo's tree with {@code path -> (bytes, lfs)} served by the resolve server. */
    private void files(RepoType type, String id, Map<String, Object[]> content) {
        ObjectNode info = hub.info(type, id);
        String sha = info.get("sha").asText();
        List<ObjectNode> tree = hub.tree(type, id);
        tree.clear();
        content.forEach((path, v) -> {
            byte[] data = (byte[]) v[0];
            boolean lfs = (Boolean) v[1];
            tree.add(FakeHub.file(path, data.length, lfs ? FakeHub.sha256(data) : null));
            resolve.put("/" + type.urlPrefix() + id + "/resolve/" + sha + "/" + path, data, lfs);
        });
    }

    @BeforeEach
    void world() throws IOException {
        server.setDispatcher(resolve);
        hub.add(RepoType.MODEL, "org/big");
        String bigSha = hub.info(RepoType.MODEL, "org/big").get("sha").asText();
        List<ObjectNode> bigTree = hub.tree(RepoType.MODEL, "org/big");
        bigTree.clear();
        String bigSum = "a".repeat(64);
        bigTree.add(FakeHub.file("pytorch_model.bin", java.nio.file.Files.size(bigCheckpoint), bigSum));
        resolve.putLarge("/org/big/resolve/" + bigSha + "/pytorch_model.bin", java.nio.file.Files.size(bigCheckpoint),
                (pos, len) -> readAt(bigCheckpoint, pos, len), bigSum);

        byte[] stateDict = resource("torch_state_dict.pt");
        hub.add(RepoType.MODEL, "org/small");
        files(RepoType.MODEL, "org/small", Map.of("model.pt", new Object[]{stateDict, true},
                "config.json", new Object[]{"{\"architectures\":[\"Tiny\"]}".getBytes(StandardCharsets.UTF_8), false}));
        hub.add(RepoType.MODEL, "org/copy");   // the same checkpoint content under another repo
        files(RepoType.MODEL, "org/copy", Map.of("weights/model.pt", new Object[]{stateDict, true}));

        String notebook = """
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "execution_count": 1,
                   "metadata": {},
                   "outputs": [
                    {
                     "name": "stdout",
                     "output_type": "stream",
                     "text": [
                      "logged in with %s\\n"
                     ]
                    }
                   ],
                   "source": ["from huggingface_hub import login\\n", "login()"]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """.formatted(TOKEN);
        hub.add(RepoType.SPACE, "org/app");
        hub.info(RepoType.SPACE, "org/app").putArray("models").add("org/small");
        files(RepoType.SPACE, "org/app", Map.of(
                "app.py", new Object[]{"import gradio as gr\nimport os\ntoken = os.environ['HF_TOKEN']\n".getBytes(StandardCharsets.UTF_8), false},
                "examples/cache.pkl", new Object[]{resource("extension_lie_pytorch_model.bin"), false},
                "demo.ipynb", new Object[]{notebook.getBytes(StandardCharsets.UTF_8), false}));
    }

    static byte[] readAt(Path p, long pos, int len) {
        try (FileChannel ch = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
            }
            return b.array();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CrawlSummary crawl() {
        CrawlOptions o = CrawlOptions.builder(home).endpoint(server.url("/").toString()).env(Map.<String, String>of()::get)
                .space("org/app").model("org/big").model("org/copy").build();
        return CrawlRunner.run(o, graph, CrawlListener.NONE, (client, keys) -> new RemoteScanner(graph, client.fileClient(),
                client.settings().endpoint(), Scanner.withDefaults().withSecretHashKey(HASH_KEY), 2, 1 << 20).scanPending(keys));
    }

    private long count(String cypher) {
        return TestGraphs.count(graph, cypher);
    }

    @Test
    void aMultiGigabyteCheckpointCostsItsDirectoryAndPickleNotItsTensors() throws IOException {
        CrawlSummary s = crawl();
        assertTrue(s.completed(), s.failure());
        assertNotNull(s.scan());
        long size = java.nio.file.Files.size(bigCheckpoint);
        assertTrue(size > BIG_TENSOR);
        var row = new dev.aiprov.graph.ReadQueries(graph).readOnly(
                "MATCH (:Model {id:'org/big'})-[:HAS_REVISION]->()-[:HAS_FILE]->(f:File)-[:SCANNED_AS]->(r:ScanResult) "
                        + "RETURN r.status AS status, r.format AS format, r.transferred AS transferred, r.size AS size", Map.of())
                .rows().get(0);
        assertEquals("judged", row.get("status"));
        assertEquals("pytorch", row.get("format"));
        long transferred = (Long) row.get("transferred");
        assertTrue(transferred < 1_000_000, "transferred " + transferred + " of " + size);
        assertEquals(size, (Long) row.get("size"));
        // what the server actually sent for every file of the crawl is of the same order, not gigabytes
        assertTrue(resolve.bodyBytes() < 2_000_000, "served " + resolve.bodyBytes());
        assertEquals(0, count("MATCH (:Model {id:'org/big'})-[:HAS_REVISION]->()-[:HAS_FILE]->()-[:HAS_FINDING]->"
                + "(x:Finding) WHERE x.rank <= 1 RETURN count(x)"));
    }

    @Test
    void aMaliciousPickleInASpaceAndATokenInANotebookOutputLandOnTheRightNodes() {
        CrawlSummary s = crawl();
        assertTrue(s.completed(), s.failure());
        assertEquals(1, count("MATCH (:Space {id:'org/app'})-[:HAS_REVISION]->()-[:HAS_FILE]->(f:File {path:'examples/cache.pkl'})"
                + "-[:HAS_FINDING]->(x:Finding {severity:'critical'}) WHERE x.evidence CONTAINS 'os.system' RETURN count(x)"));
        var secret = new dev.aiprov.graph.ReadQueries(graph).readOnly(
                "MATCH (:Space {id:'org/app'})-[:HAS_REVISION]->()-[:HAS_FILE]->(f:File {path:'demo.ipynb'})"
                        + "-[:HAS_FINDING]->(x:Finding)-[:LEAKS]->(s:Secret) RETURN x.line AS line, s.redacted AS redacted, "
                        + "s.sha256 AS sha, x.evidence AS evidence, x.message AS message", Map.of()).rows();
        assertEquals(1, secret.size(), secret.toString());
        assertEquals(12L, secret.get(0).get("line"));   // the line of the output text in the .ipynb as stored
        assertEquals(dev.aiprov.scanner.secrets.SecretsDetector.keyedHash(HASH_KEY, TOKEN), secret.get(0).get("sha"));
        assertFalse(FakeHub.sha256(TOKEN.getBytes(StandardCharsets.UTF_8)).equals(secret.get(0).get("sha")), "unkeyed hash stored");
        assertTrue(((String) secret.get(0).get("redacted")).endsWith(TOKEN.substring(TOKEN.length() - 4)));
        // never the secret in clear, anywhere in the graph
        assertEquals(0, count("MATCH (n) WHERE any(k IN keys(n) WHERE toString(n[k]) CONTAINS $t) RETURN count(n)",
                Map.of("t", TOKEN)));
        // the environment read in app.py is not a leak
        assertEquals(0, count("MATCH (f:File {path:'app.py'})-[:HAS_FINDING]->(x) RETURN count(x)"));
    }

    private long count(String cypher, Map<String, Object> params) {
        return TestGraphs.count(graph, cypher, params);
    }

    @Test
    void oneContentIsFetchedOnceAcrossReposAndARepeatedCrawlScansNothing() {
        CrawlSummary first = crawl();
        assertTrue(first.completed(), first.failure());
        long copyFetches = resolve.log().stream().filter(l -> l.startsWith("GET /org/copy/resolve/")).count();
        long smallFetches = resolve.log().stream().filter(l -> l.startsWith("GET /org/small/resolve/") && l.contains("model.pt")).count();
        assertEquals(1, smallFetches + copyFetches, resolve.log().toString());   // one of the two, never both
        assertEquals(2, count("MATCH (f:File)-[:SCANNED_AS]->(r:ScanResult {format:'pytorch'}) WHERE f.path ENDS WITH 'model.pt' "
                + "RETURN count(f)"));
        assertEquals(1, count("MATCH (r:ScanResult {format:'pytorch'}) WHERE r.size < 100000 RETURN count(r)"));

        resolve.log().clear();
        CrawlSummary second = crawl();
        assertTrue(second.completed(), second.failure());
        assertEquals(0, second.scan().scanned(), second.scan().toString());
        assertEquals(0, second.scan().transferred());
        assertTrue(resolve.log().stream().noneMatch(l -> l.contains("/resolve/") || l.startsWith("GET /cdn")),
                resolve.log().toString());
        assertFalse(first.scan().findings() == 0);
    }
}
