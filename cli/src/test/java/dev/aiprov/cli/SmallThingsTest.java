package dev.aiprov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a newcomer notices: plurals, help text, exit codes of unknown names and of device files. */
class SmallThingsTest {
    @TempDir
    Path dir;

    @Test
    void helpKeepsEveryEnvironmentLineWhole() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("(default ~/.aiprov)"), r.out());
        for (String line : r.out().lines().toList()) assertTrue(line.length() <= 80, "wider than the help: " + line);
    }

    @Test
    void crawlSummaryCountsAgreeWithTheirNouns() {
        assertEquals("1 finding", dev.aiprov.cli.render.Plural.of(1, "finding"));
        assertEquals("0 findings", dev.aiprov.cli.render.Plural.of(0, "finding"));
        assertEquals("1 repo", dev.aiprov.cli.render.Plural.of(1, "repo"));
        assertEquals("12 requests", dev.aiprov.cli.render.Plural.of(12, "request"));
    }

    @Test
    void oneFindingAndOneDeploymentAreSingular() throws Exception {
        Files.write(dir.resolve("evil.pkl"), ScanCommandTest.EVIL);
        Path events = dir.resolve("events.jsonl");
        CliRun r = CliRun.of("scan", "--events", "file:" + events, dir.resolve("evil.pkl").toString());
        assertTrue(r.out().contains("1 file scanned, 1 finding (1 critical)"), r.out());
        String ev = Files.readString(events);
        assertTrue(ev.contains("judged " + dir.resolve("evil.pkl") + ": 1 finding\""), ev);
        assertTrue(ev.contains("scan: 1 file, 1 finding, 0 not judged"), ev);
        assertFalse(ev.contains("1 findings") || ev.contains("1 files"), ev);

        Path manifest = Files.writeString(dir.resolve("aiprov.yaml"), """
                version: 1
                deployments:
                  - name: bot
                    uses:
                      - model: acme/llm
                        revision: 0123456789abcdef0123456789abcdef01234567
                """);
        String graph = dir.resolve("graph").toString();
        assertEquals(0, CliRun.of("--graph", graph, "inventory", "import", "--events", "file:" + events, manifest.toString()).exit());
        assertTrue(Files.readString(events).contains("imported deployment bot (1 use)"));
        CliRun check = CliRun.of("--graph", graph, "policy", "check", "--events", "file:" + events);
        assertFalse(Files.readString(events).contains("1 deployments"), Files.readString(events));
        assertTrue(Files.readString(events).contains("of 1 deployment\""), check.out());
    }

    @Test
    void listingAnUnknownDeploymentIsAUsageError() throws Exception {
        String graph = dir.resolve("graph").toString();
        CliRun r = CliRun.of("--graph", graph, "inventory", "list", "--deployment", "nosuch");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no deployment named 'nosuch'"), r.err());
    }

    @Test
    @Timeout(120)
    void aManifestOrPolicyThatIsADeviceOrAFifoIsAUsageErrorNotACrashOrAHang() throws Exception {
        String graph = dir.resolve("graph").toString();
        CliRun zero = CliRun.of("--graph", graph, "inventory", "import", "/dev/zero");
        assertEquals(2, zero.exit(), zero.err());
        assertEquals("cannot read manifest /dev/zero: not a regular file, it is a device, FIFO or socket", zero.err().strip());
        Path fifo = dir.resolve("aiprov.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        CliRun pipe = CliRun.of("--graph", graph, "inventory", "import", fifo.toString());
        assertEquals(2, pipe.exit(), pipe.err());
        Path link = Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("/dev/zero"));
        CliRun policy = CliRun.of("--graph", graph, "policy", "check", "--policy", link.toString());
        assertEquals(2, policy.exit(), policy.err());
        assertTrue(policy.err().contains("via symlink to /dev/zero"), policy.err());
        assertFalse(policy.err().contains("Exception"), policy.err());
    }
}
