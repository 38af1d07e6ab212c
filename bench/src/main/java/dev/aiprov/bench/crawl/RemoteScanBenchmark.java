package dev.aiprov.bench.crawl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.crawler.job.CrawlListener;
import dev.aiprov.crawler.job.CrawlOptions;
import dev.aiprov.crawler.job.CrawlRunner;
import dev.aiprov.crawler.job.CrawlSummary;
import dev.aiprov.crawler.scan.RemoteScanner;
import dev.aiprov.crawler.scan.ScanSummary;
import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.Graph;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.bench.Corpus;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * End-to-end cost of the crawl's scan step: {@code repos} model repos on the fake Hub (fed a recorded-style snapshot), each
 * with a distinct sparse multi-GiB zip checkpoint (a real state-dict pickle and one huge stored
 * tensor), a config, a model card and a notebook. Prints bytes transferred per GiB of checkpoint,
 * files scanned per second end to end, and requests per repo.
 */
public final class RemoteScanBenchmark {
    private RemoteScanBenchmark() {
    }

    public static void run(PrintStream out, Path workDir, Graph graph, int repos, long checkpointBytes) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode snapshot = json.createObjectNode();
        ArrayNode list = snapshot.putArray("repos");
        try {
            Path dir = Files.createDirectories(workDir.resolve("remote-scan"));
            for (int i = 0; i < repos; i++) {
                Path ckpt = dir.resolve("model-" + i + ".bin");
                Corpus.sparseTorchZip(ckpt, Corpus.stateDictPickle(50 + i, 4096), checkpointBytes);
                ObjectNode r = list.addObject();
                r.put("type", "model");
                String id = "bench/model-" + i;
                ObjectNode info = r.putObject("info");
                info.put("_id", String.format("%024x", i));
                info.put("id", id);
                info.put("author", "bench");
                info.put("sha", String.format("%040x", 1_000_000L + i));
                info.put("gated", false);
                info.put("private", false);
                info.putArray("tags");
                if (i > 0) info.putObject("cardData").put("base_model", "bench/model-" + (i - 1) / 2);
                ArrayNode files = r.putArray("files");
                ObjectNode big = files.addObject();
                big.put("path", "pytorch_model.bin");
                big.put("oid", String.format("%040x", 2_000_000L + i));
                big.put("localFile", ckpt.toString());
                big.put("lfs", true);
                big.put("sha256", HexFormat.of().formatHex(Corpus.stateDictPickle(50 + i, 4096), 0, 32) + String.format("%032x", i));
                text(files, "config.json", "{\"architectures\":[\"Bench\"],\"n\":" + i + "}", i);
                text(files, "README.md", "---\nlicense: mit\n---\n# model " + i + "\n", i);
                text(files, "train.ipynb", "{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"x = " + i
                        + "\"],\"outputs\":[]}],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}", i);
                r.putArray("commits").addObject().put("id", info.get("sha").asText()).put("title", "init")
                        .put("date", "2025-01-01T00:00:00.000Z");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (FakeHub hub = FakeHub.recorded(snapshot).keepRequests(false)) {
            String endpoint = hub.start();
            long t0 = System.nanoTime();
            CrawlOptions o = CrawlOptions.builder(workDir.resolve("remote-scan-home")).endpoint(endpoint)
                    .env(k -> null).author("bench").batchSize(25).build();
            CrawlSummary s = CrawlRunner.run(o, graph, CrawlListener.NONE, (client, keys) -> new RemoteScanner(graph,
                    client.fileClient(), client.settings().endpoint(), Scanner.withDefaults(), 4, 256L << 20).scanPending(keys));
            double secs = (System.nanoTime() - t0) / 1e9;
            ScanSummary x = s.scan();
            double gib = x.scannedSize() / (double) (1L << 30);
            out.printf("crawl+scan of %d repos (%d checkpoints of %.2f GiB, %.1f GiB of content scanned) in %.1f s: %s%n",
                    s.repos(), repos, checkpointBytes / (double) (1L << 30), gib, secs, s.status());
            out.printf("  files scanned: %d (%.1f files/s end to end, crawl included; scan step alone %.1f s)%n",
                    x.scanned(), x.scanned() / secs, x.elapsed().toMillis() / 1000.0);
            out.printf("  bytes transferred for file contents: %d (%.0f KiB per GiB of checkpoint), server sent %d bytes in all%n",
                    x.transferred(), x.transferred() / 1024.0 / gib, hub.bodyBytes());
            out.printf("  requests: %d in all, %.1f per repo (metadata %.1f + file contents %.1f)%n",
                    hub.requestCount(), hub.requestCount() / (double) s.repos(), (s.requests() - x.requests()) / (double) s.repos(),
                    x.requests() / (double) s.repos());
            out.printf("  findings: %d, not judged: %d%n", x.findings(), x.unjudged());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(ArrayNode files, String path, String body, int i) {
        ObjectNode f = files.addObject();
        f.put("path", path);
        f.put("oid", String.format("%040x", new java.math.BigInteger(1, (path + "#" + i).getBytes(StandardCharsets.UTF_8))
                .mod(java.math.BigInteger.TWO.pow(160))));
        f.put("text", body);
    }
}
