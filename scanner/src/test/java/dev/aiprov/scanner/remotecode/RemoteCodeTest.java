package dev.aiprov.scanner.remotecode;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteCodeTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/secrets");
    private static final Scanner SCANNER = new Scanner(Limits.defaults(), List.of(new AutoMapDetector(), new PythonCodeDetector()));

    private static List<Finding> scan(String name) throws Exception {
        List<FileResult> rs = SCANNER.scanFile(FIXTURES.resolve(name), name);
        return rs.get(0).findings();
    }

    private static List<Finding> scanText(String name, String text) {
        return SCANNER.scan(name, new ByteArraySource(text.getBytes(StandardCharsets.UTF_8)), null).get(0).findings();
    }

    private static int lineOf(String file, String marker) throws Exception {
        List<String> lines = Files.readAllLines(FIXTURES.resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(marker)) return i + 1;
        throw new AssertionError("marker not found: " + marker);
    }

    private static String summary(List<Finding> fs) {
        return String.join(",", fs.stream().map(f -> f.rule() + "@" + f.location().line()).toList());
    }

    @Test
    void flagsAutoMapWithTheModulesItWouldRunAndTheExternalRepository() throws Exception {
        List<Finding> fs = scan("remote-config.json");
        assertEquals(List.of("REMOTE_CODE_AUTO_MAP", "REMOTE_CODE_EXTERNAL_REPO"), fs.stream().map(Finding::rule).toList());
        Finding f = fs.get(0);
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(lineOf("remote-config.json", "\"auto_map\""), f.location().line());
        assertTrue(f.message().endsWith("configuration_phi_custom.py, modeling_phi_custom.py, tokenization_shared.py"), f.message());
        assertTrue(f.evidence().contains("AutoModelForCausalLM=modeling_phi_custom.PhiCustomForCausalLM"));
        assertEquals("other-org/shared-tokenizers", fs.get(1).evidence());
    }

    @Test
    void configWithoutAutoMapAndNonJsonAreNotFlagged() throws Exception {
        assertEquals(List.of(), scan("tokenizer_config.json"));
        assertEquals(List.of(), scanText("config.json", "{\"model_type\": \"bert\", \"architectures\": [\"BertModel\"]}"));
        assertEquals(List.of(), scanText("config.json", "{\"auto_map\": "));
    }

    @Test
    void flagsEachRiskInAMaliciousModelingFileOnItsLine() throws Exception {
        String f = "modeling_evil.py";
        List<Finding> fs = scan(f);
        String expected = String.join(",",
                "PY_NETWORK_AT_IMPORT@" + lineOf(f, "_TELEMETRY ="),
                "PY_EXEC_DECODED_PAYLOAD@" + lineOf(f, "exec(_code)"),
                "PY_EXEC_DECODED_PAYLOAD@" + lineOf(f, "eval(compile("),
                "PY_PROCESS_EXECUTION@" + lineOf(f, "sp.Popen"),
                "PY_WRITE_OUTSIDE_CACHE@" + lineOf(f, "authorized_keys\", \"a\""),
                "PY_PROCESS_EXECUTION@" + lineOf(f, "system(\"id\")"),
                "PY_TRUST_REMOTE_CODE@" + lineOf(f, "trust_remote_code=True"));
        assertEquals(expected, summary(fs));
        assertEquals(Severity.CRITICAL, fs.get(1).severity());
        assertEquals("subprocess.Popen", fs.get(3).evidence());
        assertEquals("os.system", fs.get(5).evidence());
        assertTrue(fs.get(0).location().offset() > 0);
    }

    @Test
    void benignModelingFileHasNoFlags() throws Exception {
        assertEquals("", summary(scan("modeling_benign.py")));
    }

    @Test
    void followsDunderImportAndFlagsAppCodeTrustingRemoteCode() {
        String app = "import gradio as gr\nfrom transformers import AutoModel\n"
                + "m = AutoModel.from_pretrained(\n    'acme/x',\n    trust_remote_code=True,\n)\n"
                + "__import__('os').system('ls')\n";
        assertEquals("PY_TRUST_REMOTE_CODE@3,PY_PROCESS_EXECUTION@7", summary(scanText("app.py", app)));
    }
}
