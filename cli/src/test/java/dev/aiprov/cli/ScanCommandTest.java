package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Protocol-0 pickle: GLOBAL os system, MARK, STRING 'id', TUPLE, REDUCE, STOP. Written, never loaded. */
    static final byte[] EVIL = "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    static byte[] safetensors() {
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + header.length + 16];
        out[0] = (byte) header.length;
        System.arraycopy(header, 0, out, 8, header.length);
        return out;
    }

    @Test
    void aPickleNamedLikeAnythingIsFoundAndFailsTheBuild() throws Exception {
        Path f = dir.resolve("model.safetensors");   // the extension lies
        Files.write(f, EVIL);
        CliRun r = CliRun.of("scan", "--format", "json", f.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode report = JSON.readTree(r.out());
        JsonNode file = report.get("files").get(0);
        assertEquals(f.toString(), file.get("path").asText());
        assertEquals("pickle", file.get("format").asText());
        assertEquals(64, file.get("sha256").asText().length());
        JsonNode finding = file.get("findings").get(0);
        assertEquals("critical", finding.get("severity").asText());
        assertTrue(finding.get("evidence").asText().contains("os.system")
                || finding.get("message").asText().contains("os.system"), finding.toString());
        assertTrue(finding.has("rule") && finding.has("location") && finding.has("line"));
        assertEquals(0, report.get("errors").size());
    }

    @Test
    void theJsonReportCarriesTheDigestOfACleanFileToo() throws Exception {
        byte[] st = safetensors();
        Path f = dir.resolve("model.safetensors");
        Files.write(f, st);
        CliRun r = CliRun.of("scan", "--format", "json", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode file = JSON.readTree(r.out()).get("files").get(0);
        assertEquals(0, file.get("findings").size());
        assertEquals(dev.aiprov.scanner.Sha256.hex(st), file.get("sha256").asText(), "json lists every file with its digest");
    }

    @Test
    void failOnNoneReportsButExitsZero() throws Exception {
        Files.write(dir.resolve("evil.pkl"), EVIL);
        assertEquals(0, CliRun.of("scan", "--fail-on", "none", dir.toString()).exit());
    }

    @Test
    void aCleanFolderExitsZeroAndAnUnjudgedFileExitsTwo() throws Exception {
        Files.write(dir.resolve("model.safetensors"), safetensors());
        CliRun clean = CliRun.of("scan", dir.toString());
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().contains("1 file scanned, 0 findings"), clean.out());
        // binary content no detector recognises can't be judged: listed under errors, exit 2
        byte[] unknown = new byte[512];
        for (int i = 0; i < unknown.length; i++) unknown[i] = (byte) (i * 7 + 3);
        unknown[0] = 0;
        Files.write(dir.resolve("weights.dat"), unknown);
        CliRun broken = CliRun.of("scan", "--format", "json", dir.toString());
        JsonNode report = JSON.readTree(broken.out());
        assertEquals(1, report.get("errors").size(), broken.out());
        assertTrue(report.get("errors").get(0).get("path").asText().endsWith("weights.dat"));
        assertEquals("unsupported format", report.get("errors").get(0).get("error").asText());
        assertEquals(2, broken.exit());
    }

    @Test
    void aMissingPathIsNotJudgedAndSaysSo() {
        CliRun r = CliRun.of("scan", dir.resolve("nope.bin").toString());
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("NOT JUDGED"), r.out());
    }

    @Test
    void sarifIsVersion210WithRulesResultsAndRegions() throws Exception {
        Files.write(dir.resolve("evil.pkl"), EVIL);
        Path out = dir.resolve("report.sarif");
        CliRun r = CliRun.of("scan", "--format", "sarif", "--output", out.toString(), dir.resolve("evil.pkl").toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        JsonNode sarif = JSON.readTree(Files.readString(out));
        assertEquals("2.1.0", sarif.get("version").asText());
        assertTrue(sarif.get("$schema").asText().contains("sarif-2.1.0"));
        JsonNode run = sarif.get("runs").get(0);
        assertEquals("aiprov", run.get("tool").get("driver").get("name").asText());
        JsonNode rule = run.get("tool").get("driver").get("rules").get(0);
        assertEquals("9.5", rule.get("properties").get("security-severity").asText());
        JsonNode result = run.get("results").get(0);
        assertEquals("error", result.get("level").asText());
        assertEquals(rule.get("id").asText(), result.get("ruleId").asText());
        JsonNode loc = result.get("locations").get(0).get("physicalLocation");
        assertFalse(loc.get("artifactLocation").get("uri").asText().isEmpty());
        assertTrue(loc.get("region").get("startLine").asInt() >= 1);
        assertFalse(result.get("partialFingerprints").isEmpty());
    }

    @Test
    void wrongArgumentsExitTwoWithOneLine() {
        CliRun r = CliRun.of("scan", "--fail-on", "severe", "x");
        assertEquals(2, r.exit());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(2, CliRun.of("scan").exit());
    }

    @Test
    void secretFindingsCarryTheInstallationsKeyedHashAndSpanTheirLines() throws Exception {
        String id = "AKIA" + "Q3EGRTZW5XHN7MPK", secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Hk2Vn4T";
        String token = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi";
        Files.writeString(dir.resolve(".env"), "AWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n");
        Files.writeString(dir.resolve("a.py"), "HF_TOKEN = \"" + token + "\"\n");
        Files.writeString(dir.resolve("b.md"), "token: " + token + "\n");
        CliRun r = CliRun.of("scan", "--format", "json", dir.toString());
        assertEquals(1, r.exit(), r.err());
        String plain = dev.aiprov.scanner.secrets.SecretsDetector.sha256(token);
        assertTrue(!r.out().contains(plain) && !r.out().contains(dev.aiprov.scanner.secrets.SecretsDetector.sha256(id + ":" + secret)),
                "no unsalted sha256 in the report");
        byte[] key = Files.readAllBytes(Path.of(System.getProperty("aiprov.home"), "secret-hash.key"));
        String keyed = dev.aiprov.scanner.secrets.SecretsDetector.keyedHash(key, token);
        JsonNode files = JSON.readTree(r.out()).get("files");
        int same = 0;
        for (JsonNode f : files) {
            for (JsonNode x : f.get("findings")) {
                if (x.get("rule").asText().equals("SECRET_HUGGINGFACE_TOKEN")) {
                    assertEquals(keyed, x.get("secret").get("sha256").asText());
                    same++;
                }
                if (x.get("rule").asText().equals("SECRET_AWS_CREDENTIALS")) {
                    assertEquals(1, x.get("line").asInt());
                    assertEquals(2, x.get("endLine").asInt());
                }
            }
        }
        assertEquals(2, same, "the same value in two files has the same keyed hash");
        CliRun sarif = CliRun.of("scan", "--format", "sarif", dir.resolve(".env").toString());
        JsonNode region = JSON.readTree(sarif.out()).get("runs").get(0).get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("region");
        assertEquals(1, region.get("startLine").asInt());
        assertEquals(2, region.get("endLine").asInt());
    }
}
