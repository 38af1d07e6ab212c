package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static dev.aiprov.scanner.formats.FormatFixtures.assertClean;
import static dev.aiprov.scanner.formats.FormatFixtures.assertUnjudgedWith;
import static dev.aiprov.scanner.formats.FormatFixtures.bytes;
import static dev.aiprov.scanner.formats.FormatFixtures.only;
import static dev.aiprov.scanner.formats.FormatFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"benign_llama3.gguf", "benign_llama31_tools.gguf", "benign_chatml.gguf",
            "benign_mistral_v2.gguf", "benign_v1.gguf"})
    void realChatTemplatesAreClean(String file) {
        assertClean(scan("gguf/" + file), "gguf");
    }

    @Test
    void flagsSubclassesPayloadOfCve202434359() {
        FileResult r = scan("gguf/ssti_subclasses.gguf");
        Finding internals = only(r, "GGUF_CHAT_TEMPLATE_PYTHON_INTERNALS");
        assertEquals(Severity.CRITICAL, internals.severity());
        assertEquals("tokenizer.chat_template", internals.location().member());
        assertTrue(internals.evidence().contains("__subclasses__"), internals.evidence());
        assertTrue(internals.evidence().contains("__builtins__"), internals.evidence());
        Finding exec = only(r, "GGUF_CHAT_TEMPLATE_CODE_EXECUTION");
        assertTrue(exec.evidence().contains("popen"), exec.evidence());
        byte[] file = bytes("gguf/ssti_subclasses.gguf");
        int at = (int) internals.location().offset();
        assertEquals("__class__", new String(file, at, 9, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void flagsAttrFilterEscapesInANamedTemplate() {
        FileResult r = scan("gguf/ssti_attr_filter.gguf");
        Finding f = only(r, "GGUF_CHAT_TEMPLATE_SANDBOX_ESCAPE");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("tokenizer.chat_template.tool_use", f.location().member());
        assertTrue(f.evidence().contains("|attr("), f.evidence());
        assertTrue(f.evidence().contains("lipsum"), f.evidence());
        assertEquals(1, r.findings().size(), FormatFixtures.describe(r));
    }

    @Test
    void truncatedHeaderIsUnjudged() {
        assertUnjudgedWith(scan("gguf/truncated.gguf"), "GGUF_TRUNCATED");
    }

    @Test
    void hugeDeclaredKeyLengthIsALimitNotAnAllocation() {
        assertUnjudgedWith(scan("gguf/huge_key_length.gguf"), "SCAN_LIMIT_EXCEEDED");
    }

    @Test
    void unsupportedVersionIsMalformed() {
        byte[] b = bytes("gguf/benign_chatml.gguf");
        b[4] = 0;
        b[7] = 3;   // big-endian version 3
        assertUnjudgedWith(FormatFixtures.scanBytes("m.gguf", b), "GGUF_MALFORMED");
    }
}
