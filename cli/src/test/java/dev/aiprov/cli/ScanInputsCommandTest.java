package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code scan} options checked before the scan, the allowlist for every rule, and walks that go on. */
class ScanInputsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] EVIL = ScanCommandTest.EVIL;

    @TempDir
    Path dir;

    @Test
    void anOutputInAMissingDirectoryIsAOneLineErrorBeforeTheScan() throws Exception {
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Path events = dir.resolve("events.jsonl");
        CliRun r = CliRun.of("scan", "-o", "/nonexistent/dir/out.json", "--events", "file:" + events, dir.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("aiprov: error: cannot write the report to /nonexistent/dir/out.json: no such directory /nonexistent/dir",
                r.err().strip());
        assertFalse(Files.exists(events), "nothing was scanned, so no event was sent");
        CliRun toDir = CliRun.of("scan", "-o", dir.toString(), dir.resolve("evil.pkl").toString());
        assertEquals(2, toDir.exit());
        assertTrue(toDir.err().contains("it is a directory"), toDir.err());
    }

    @Test
    void aBadEventSinkIsRefusedBeforeTheScanWritesAnything() throws Exception {
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Path report = dir.resolve("out").resolve("report.json");
        Files.createDirectories(report.getParent());
        CliRun r = CliRun.of("scan", "-o", report.toString(), "--events", "bogus://x", dir.resolve("evil.pkl").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(report), "the scan did not run");
    }

    @Test
    void theAllowlistAtTheRepoRootAcceptsAFindingOfAnyRulePinnedToTheFileHash() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Path models = Files.createDirectories(repo.resolve("models"));
        Path evil = models.resolve("legacy.pkl");
        Files.write(evil, EVIL);
        assertEquals(1, CliRun.of("scan", models.toString()).exit());
        Files.writeString(repo.resolve(".aiprov-allowlist"), "# reviewed: a test fixture, never loaded\n"
                + "models/legacy.pkl  PICKLE_CALL_CRITICAL  " + Scanner.sha256(evil) + "\n"
                + "models/*.pkl       PICKLE_GLOBAL_CRITICAL  *\n");
        CliRun accepted = CliRun.of("scan", models.toString());
        assertEquals(0, accepted.exit(), accepted.out() + accepted.err());
        assertTrue(accepted.err().contains("accepted by the allowlist"), accepted.err());
        // the file changes: its hash no longer matches, the finding is back
        Files.write(evil, (new String(EVIL, "ISO-8859-1") + "\n").getBytes("ISO-8859-1"));
        assertEquals(1, CliRun.of("scan", models.toString()).exit());
    }

    @Test
    void anExplicitAllowlistIsReadAndABadOneIsAUsageError() throws Exception {
        Path evil = dir.resolve("evil.pkl");
        Files.write(evil, EVIL);
        Path allow = dir.resolve("reviewed.txt");
        Files.writeString(allow, "evil.pkl * *\n");
        CliRun ok = CliRun.of("scan", "--allowlist", allow.toString(), evil.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        Files.writeString(allow, "evil.pkl PICKLE_CALL_CRITICAL\n");
        CliRun bad = CliRun.of("scan", "--allowlist", allow.toString(), evil.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("allowlist line 1"), bad.err());
        CliRun zero = CliRun.of("scan", "--allowlist", "/dev/zero", evil.toString());
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("not a regular file"), zero.err());
    }

    @Test
    void anUnopenableSubfolderIsListedAndTheMaliciousFileBesideItStillFailsTheBuild() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("evil.pkl"), EVIL);
        // deeper than PATH_MAX: no one, root included, can open it (chmod 000 does not stop root)
        String name = "d".repeat(200);
        Process p = new ProcessBuilder("bash", "-c", "cd \"$1\" && for i in $(seq 1 24); do mkdir " + name + " && cd " + name
                + " || exit 1; done", "bash", tree.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        CliRun r = CliRun.of("scan", "--format", "json", tree.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(1, report.get("errors").size(), r.out());
        assertTrue(report.get("errors").get(0).get("error").asText().startsWith("cannot read directory"), r.out());
        assertTrue(r.out().contains("PICKLE_CALL_CRITICAL"), r.out());
        new ProcessBuilder("rm", "-rf", tree.resolve(name).toString()).start().waitFor();
    }

    @Test
    void aSymlinkOutOfTheTreeIsReportedNotScanned() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("payload.pkl"), EVIL);
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("model.pkl"), outside.resolve("payload.pkl"));
        CliRun r = CliRun.of("scan", tree.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SYMLINK_OUT_OF_TREE"), r.out());
        assertFalse(r.out().contains("PICKLE"), r.out());
    }
}
