package dev.aiprov.scanner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Walking a directory: symlinks are reported, never followed; an unreadable part never hides the rest. */
class WalkTest {
    /** Protocol-0 pickle: GLOBAL os system, MARK, STRING 'id', TUPLE, REDUCE, STOP. Written, never loaded. */
    static final byte[] EVIL = "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    static Map<String, FileResult> byName(Path root, List<FileResult> results) {
        return results.stream().collect(Collectors.toMap(r -> root.relativize(Path.of(r.path())).toString(), r -> r));
    }

    static String rules(FileResult r) {
        return r.findings().stream().map(Finding::rule).sorted().collect(Collectors.joining(","));
    }

    @Test
    void aSymlinkFarmIsReportedAndNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("payload.pkl"), EVIL);
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("model.safetensors"), new byte[]{2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        Files.createSymbolicLink(tree.resolve("weights.pkl"), Path.of("../outside/payload.pkl"));   // a file out of the tree
        Files.createSymbolicLink(tree.resolve("passwd.bin"), Path.of("/etc/passwd"));                // absolute
        Files.createSymbolicLink(tree.resolve("ext"), Path.of("../outside"));                        // a directory out of the tree
        Files.createSymbolicLink(tree.resolve("same.safetensors"), Path.of("model.safetensors"));    // inside
        Files.createSymbolicLink(tree.resolve("gone.bin"), Path.of("nowhere"));                      // dangling
        Files.createSymbolicLink(tree.resolve("loop"), Path.of("."));                                // a cycle

        List<FileResult> results = Scanner.withDefaults().scanPaths(List.of(tree), 2);
        Map<String, FileResult> r = byName(tree, results);
        assertEquals(List.of("ext", "gone.bin", "loop", "model.safetensors", "passwd.bin", "same.safetensors", "weights.pkl"),
                r.keySet().stream().sorted().toList(), results.toString());
        for (String link : List.of("weights.pkl", "passwd.bin", "ext")) {
            assertEquals("SYMLINK_OUT_OF_TREE", rules(r.get(link)), link);
            assertEquals("symlink", r.get(link).format());
        }
        assertEquals("../outside/payload.pkl", r.get("weights.pkl").findings().get(0).evidence());
        assertEquals("SYMLINK_NOT_FOLLOWED", rules(r.get("same.safetensors")));
        assertEquals("SYMLINK_NOT_FOLLOWED", rules(r.get("loop")));
        assertEquals("SYMLINK_DANGLING", rules(r.get("gone.bin")));
        // nothing outside the tree was read: no pickle finding anywhere
        assertTrue(results.stream().flatMap(x -> x.findings().stream()).noneMatch(f -> f.rule().startsWith("PICKLE")), results.toString());
        assertTrue(results.stream().allMatch(FileResult::judged), results.toString());
    }

    @Test
    void aHuggingFaceCacheSnapshotIsScannedThroughItsBlobLinksButNoFurther() throws Exception {
        // the layout huggingface_hub writes: snapshots/REV/NAME -> ../../blobs/HASH
        Path repo = Files.createDirectories(dir.resolve("hub/models--org--name"));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = Files.createDirectories(repo.resolve("snapshots/0123abcd"));
        Files.write(blobs.resolve("aaaa"), EVIL);
        Files.createSymbolicLink(snap.resolve("pytorch_model.bin"), Path.of("../../blobs/aaaa"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("other.pkl"), EVIL);
        Files.createSymbolicLink(snap.resolve("escape.pkl"), Path.of("../../../../outside/other.pkl"));   // leaves the cache repo
        Files.createSymbolicLink(snap.resolve("blobdir"), Path.of("../../blobs"));                       // a directory, not a blob

        Map<String, FileResult> r = byName(snap, Scanner.withDefaults().scanPaths(List.of(snap), 1));
        assertEquals("pickle", r.get("pytorch_model.bin").format(), r.toString());
        assertTrue(r.get("pytorch_model.bin").findings().stream().anyMatch(f -> f.severity().atLeast(Severity.HIGH)),
                r.toString());
        assertEquals("SYMLINK_OUT_OF_TREE", rules(r.get("escape.pkl")));
        assertEquals("SYMLINK_OUT_OF_TREE", rules(r.get("blobdir")));
    }

    @Test
    void aRootNamedByTheUserIsFollowedEvenWhenALink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.write(real.resolve("evil.pkl"), EVIL);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        List<FileResult> results = Scanner.withDefaults().scanPaths(List.of(link), 1);
        assertEquals(1, results.size(), results.toString());
        assertEquals(link.resolve("evil.pkl").toString(), results.get(0).path());
        assertEquals("pickle", results.get(0).format());
        Path fileLink = Files.createSymbolicLink(dir.resolve("file-link.pkl"), real.resolve("evil.pkl"));
        assertEquals("pickle", Scanner.withDefaults().scanPaths(List.of(fileLink), 1).get(0).format());
    }

    @Test
    void aFifoInTheTreeIsNotedNotOpened() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("evil.pkl"), EVIL);
        mkfifo(tree.resolve("pipe"));
        Map<String, FileResult> r = byName(tree, Scanner.withDefaults().scanPaths(List.of(tree), 1));
        assertEquals("SPECIAL_FILE_SKIPPED", rules(r.get("pipe")));
        assertEquals("pickle", r.get("evil.pkl").format());
        // named directly, it is refused rather than opened (opening a FIFO blocks)
        FileResult direct = Scanner.withDefaults().scanPaths(List.of(tree.resolve("pipe")), 1).get(0);
        assertFalse(direct.judged());
        assertTrue(direct.error().contains("FIFO"), direct.error());
    }

    @Test
    void anUnreadableSubfolderIsListedAndTheRestIsScanned() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("evil.pkl"), EVIL);
        Path locked = Files.createDirectories(tree.resolve("locked"));
        Files.write(locked.resolve("inner.pkl"), EVIL);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(canList(locked), "chmod 000 does not stop this user (root); "
                    + "aDirectoryTooDeepToOpenIsListedAndTheRestIsScanned covers the same walk");
            assertWalksOn(tree, "locked", "permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * A directory whose absolute path is longer than the system's PATH_MAX cannot be opened by anyone,
     * root included (ENAMETOOLONG): the same "listing fails" case as a chmod 000 folder for a normal user.
     */
    @Test
    void aDirectoryTooDeepToOpenIsListedAndTheRestIsScanned() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("evil.pkl"), EVIL);
        String name = "d".repeat(200);
        // built with relative mkdirs in a shell: the JDK itself cannot create a path that long
        Process p = new ProcessBuilder("bash", "-c", "cd \"$1\" && for i in $(seq 1 24); do mkdir " + name + " && cd " + name
                + " || exit 1; done", "bash", tree.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        List<FileResult> results = Scanner.withDefaults().scanPaths(List.of(tree), 1);
        FileResult evil = results.stream().filter(r -> r.path().endsWith("evil.pkl")).findFirst().orElseThrow();
        assertEquals("PICKLE_CALL_CRITICAL", evil.findings().get(0).rule());
        List<FileResult> unjudged = results.stream().filter(r -> !r.judged()).toList();
        assertEquals(1, unjudged.size(), results.toString());
        assertTrue(unjudged.get(0).path().startsWith(tree.resolve(name).toString()), unjudged.get(0).path());
        assertTrue(unjudged.get(0).error().startsWith("cannot read directory: "), unjudged.get(0).error());
        new ProcessBuilder("rm", "-rf", tree.resolve(name).toString()).start().waitFor();
    }

    private static void assertWalksOn(Path tree, String unreadable, String why) {
        List<FileResult> results = Scanner.withDefaults().scanPaths(List.of(tree), 1);
        Map<String, FileResult> r = byName(tree, results);
        assertEquals("PICKLE_CALL_CRITICAL", r.get("evil.pkl").findings().get(0).rule());
        assertNull(r.get("evil.pkl").error());
        assertFalse(r.get(unreadable).judged());
        assertEquals("cannot read directory: " + why, r.get(unreadable).error());
    }

    static boolean canList(Path d) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            s.iterator().hasNext();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void mkfifo(Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
    }
}
