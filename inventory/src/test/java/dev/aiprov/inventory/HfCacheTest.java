package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HfCacheTest {
    static final String HEAD = "a".repeat(40);
    static final String OLD = "b".repeat(40);
    static final String DS = "c".repeat(40);

    static void time(Path p, String iso) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse(iso)));
    }

    /** A real cache layout: refs, snapshots of relative symlinks into blobs, a .locks dir and a legacy id. */
    static Path buildCache(Path root) throws Exception {
        Path repo = Files.createDirectories(root.resolve("models--acme--cached"));
        Files.createDirectories(repo.resolve("refs/refs/pr"));
        Files.writeString(repo.resolve("refs/main"), HEAD);
        Files.writeString(repo.resolve("refs/refs/pr/1"), HEAD + "\n");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path config = Files.writeString(blobs.resolve("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"), "{}");
        Path weights = Files.write(blobs.resolve("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), new byte[64]);
        Path old = Files.writeString(blobs.resolve("1111111111111111111111111111111111111111"), "{\"old\":1}");
        Path head = Files.createDirectories(repo.resolve("snapshots/" + HEAD + "/sub")).getParent();
        Files.createSymbolicLink(head.resolve("config.json"), Path.of("../../blobs/" + config.getFileName()));
        Files.createSymbolicLink(head.resolve("sub/model.safetensors"), Path.of("../../../blobs/" + weights.getFileName()));
        Path oldSnap = Files.createDirectories(repo.resolve("snapshots/" + OLD));
        Files.createSymbolicLink(oldSnap.resolve("config.json"), Path.of("../../blobs/" + old.getFileName()));
        Files.createDirectories(repo.resolve(".no_exist/" + HEAD));

        Path ds = Files.createDirectories(root.resolve("datasets--acme--cached-data"));
        Files.createDirectories(ds.resolve("refs"));
        Files.writeString(ds.resolve("refs/main"), DS);
        Path dsSnap = Files.createDirectories(ds.resolve("snapshots/" + DS));
        Files.writeString(dsSnap.resolve("train.jsonl"), "{}\n");   // a copy, as on systems without symlinks

        Files.createDirectories(root.resolve(".locks/models--acme--cached"));
        Files.createDirectories(root.resolve("models--gpt2/snapshots/" + "d".repeat(40)));

        // timestamps last: creating entries touches directories
        time(config, "2026-01-10T08:00:00Z");
        time(weights, "2026-03-01T10:00:00Z");
        time(old, "2025-12-24T18:30:00Z");
        time(head.resolve("sub"), "2026-01-10T08:00:00Z");
        time(head, "2026-01-10T08:00:00Z");
        time(oldSnap, "2025-12-24T18:30:00Z");
        time(dsSnap.resolve("train.jsonl"), "2026-02-02T02:02:02Z");
        time(dsSnap, "2026-02-02T02:00:00Z");
        return root;
    }

    @Test
    void readsReposRevisionsRefsAndPullDatesFromTheCacheTimestamps(@TempDir Path dir) throws Exception {
        HfCache.Result r = HfCache.read(buildCache(dir));
        assertEquals(List.of(
                new HfCache.Entry(RepoType.DATASET, "acme/cached-data", DS, Instant.parse("2026-02-02T02:02:02Z"), List.of("main")),
                new HfCache.Entry(RepoType.MODEL, "acme/cached", HEAD, Instant.parse("2026-03-01T10:00:00Z"), List.of("main", "refs/pr/1")),
                new HfCache.Entry(RepoType.MODEL, "acme/cached", OLD, Instant.parse("2025-12-24T18:30:00Z"), List.of())),
                r.entries());
        assertEquals(List.of("models--gpt2: not an org/name repo id"), r.skipped());
    }

    @Test
    void aDanglingBlobLinkStillReportsTheRevision(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("models--acme--gone/snapshots/" + HEAD));
        Files.createSymbolicLink(repo.resolve("config.json"), Path.of("../../blobs/missing"));
        time(repo, "2026-04-04T04:04:04Z");
        HfCache.Result r = HfCache.read(dir);
        assertEquals(List.of(new HfCache.Entry(RepoType.MODEL, "acme/gone", HEAD, Instant.parse("2026-04-04T04:04:04Z"), List.of())),
                r.entries());
    }

    @Test
    void locatesTheCacheFromTheEnvironmentInHubOrder() {
        assertEquals(Path.of("/x/hub-cache"), HfCache.locate(Map.of("HF_HUB_CACHE", "/x/hub-cache", "HF_HOME", "/y")));
        assertEquals(Path.of("/y/hub"), HfCache.locate(Map.of("HF_HOME", "/y")));
        assertEquals(Path.of("/z/huggingface/hub"), HfCache.locate(Map.of("XDG_CACHE_HOME", "/z")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub"), HfCache.locate(Map.of()));
    }

    @Test
    void aMissingDirectoryIsAnError(@TempDir Path dir) {
        assertThrows(java.io.IOException.class, () -> HfCache.read(dir.resolve("nope")));
    }
}
