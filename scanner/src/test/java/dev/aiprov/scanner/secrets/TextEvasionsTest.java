package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.aiprov.scanner.secrets.Keys.rules;
import static dev.aiprov.scanner.secrets.Keys.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13's secrets classes: notebook cells, split and joined keys, two-line findings, encodings, keyed hashes. */
class TextEvasionsTest {
    private final Keys keys = new Keys(7);

    /** A notebook as Jupyter writes it: each source line a JSON string, quotes escaped. */
    private static String notebook(String... sourceLines) {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < sourceLines.length; i++) {
            String l = sourceLines[i].replace("\\", "\\\\").replace("\"", "\\\"") + (i < sourceLines.length - 1 ? "\\n" : "");
            src.append(i == 0 ? "" : ",\n").append("    \"").append(l).append("\"");
        }
        return "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"metadata\": {},\n"
                + "   \"outputs\": [],\n   \"source\": [\n" + src + "\n   ]\n  }\n ],\n \"metadata\": {},\n"
                + " \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }

    private static int lineOf(String text, String marker) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
        throw new AssertionError(marker);
    }

    @Test
    void notebookCellsAreReadAsPythonAndMappedToTheStoredLine() {
        String cohere = keys.random(Keys.ALNUM, 40), mistral = keys.random(Keys.ALNUM, 32), wandb = keys.random(Keys.HEX, 40);
        String nb = notebook("import cohere, os", "from mistralai import Mistral", "co = cohere.Client(\"" + cohere + "\")",
                "m = Mistral(api_key=\"" + mistral + "\")", "os.environ[\"WANDB_API_KEY\"] = \"" + wandb + "\"");
        List<Finding> fs = scan("eda.ipynb", nb, cohere, mistral, wandb);
        assertEquals(List.of("SECRET_COHERE_KEY", "SECRET_MISTRAL_KEY", "SECRET_WANDB_KEY"), rules(fs), fs::toString);
        assertEquals(lineOf(nb, "cohere.Client"), fs.get(0).location().line());
        assertEquals(lineOf(nb, "Mistral(api_key"), fs.get(1).location().line());
        assertEquals(nb.indexOf(wandb), fs.get(2).location().offset());
        assertTrue(fs.get(0).evidence().contains("cell 0"), fs.get(0).evidence());
    }

    @Test
    void pemKeysSplitOverNotebookLinesOrInTripleQuotedStrings() {
        String body = keys.random(Keys.ALNUM + "+/", 64);
        String[] pem = {"-----BEGIN OPENSSH PRIVATE KEY-----", body.substring(0, 32), body.substring(32), "-----END OPENSSH PRIVATE KEY-----"};
        String[] lines = new String[pem.length + 2];
        lines[0] = "KEY = \"\"\"" + pem[0];
        System.arraycopy(pem, 1, lines, 1, pem.length - 1);
        lines[pem.length] = "\"\"\"";
        lines[pem.length + 1] = "open('id', 'w').write(KEY)";
        List<Finding> inNotebook = scan("keys.ipynb", notebook(lines), body);
        assertEquals(List.of("SECRET_PRIVATE_KEY"), rules(inNotebook), inNotebook::toString);
        String py = String.join("\n", lines) + "\n";
        List<Finding> inPython = scan("keys.py", py, body);
        assertEquals(List.of("SECRET_PRIVATE_KEY"), rules(inPython));
        assertEquals(1, inPython.get(0).location().line());
        assertEquals(4, inPython.get(0).location().endLine());
    }

    @Test
    void adjacentLiteralsInParenthesesAreJoined() {
        String tok = keys.hf();
        String py = "from huggingface_hub import login\n\nHF_TOKEN = (\n    \"" + tok.substring(0, 12) + "\"\n    \""
                + tok.substring(12, 25) + "\"\n    \"" + tok.substring(25) + "\"\n)\nlogin(HF_TOKEN)\n";
        List<Finding> fs = scan("train.py", py, tok);
        assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN"), rules(fs), fs::toString);
        assertEquals(Keys.sha(tok), fs.get(0).secret().sha256());
        assertEquals(4, fs.get(0).location().line());
    }

    @Test
    void anAwsKeyIdWithItsSecretOnTheNextLineSpansBothLines() {
        String id = keys.awsId(), secret = keys.awsSecret();
        String env = "# deploy\nAWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n";
        List<Finding> fs = scan(".env", env, secret);
        assertEquals(List.of("SECRET_AWS_CREDENTIALS"), rules(fs));
        assertEquals(2, fs.get(0).location().line());
        assertEquals(3, fs.get(0).location().endLine());
    }

    @Test
    void huggingFaceOrgTokensAnywhere() {
        String org = keys.hfOrg();
        for (String text : List.of("Use the org token " + org + " for the mirror.\n",
                "{\"outputs\": [{\"text\": [\"token: " + org + "\\n\"]}]}\n", "curl -H 'Authorization: Bearer " + org + "' x\n",
                "<code>" + org + "</code>\n")) {
            List<Finding> fs = scan("README.md", text, org);
            assertEquals(List.of("SECRET_HUGGINGFACE_ORG_TOKEN"), rules(fs), text);
        }
    }

    @Test
    void rawBinaryIsNeverTakenForLatin1Text() {
        java.util.Random rnd = new java.util.Random(7);
        java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (floats.remaining() >= 4) floats.putFloat((float) rnd.nextGaussian());
        byte[] f = floats.array();
        for (int i = 0; i < f.length; i++) if (f[i] == 0) f[i] = 1;   // no NUL, so only the Latin-1 rule can decide
        assertEquals(null, dev.aiprov.scanner.secrets.TextEncoding.detect(f));
        assertEquals(null, dev.aiprov.scanner.secrets.TextEncoding.detect(new byte[]{(byte) 0xcd, (byte) 0xcc, (byte) 0x8c, 0x3f}));
        byte[] german = "Die Größe des Modells beträgt 7 Milliarden Parameter; geprüft am Montag.\n".repeat(20)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("latin-1", dev.aiprov.scanner.secrets.TextEncoding.detect(german).name());
    }

    @Test
    void utf16Utf32AndLatin1TextIsScanned() {
        String tok = keys.hf();
        String text = "# Modellkarte – Größe\nHF_TOKEN = \"" + tok + "\"\n";
        for (Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"), StandardCharsets.ISO_8859_1)) {
            byte[] bytes = text.getBytes(cs);
            List<Finding> fs = scan("notes.txt", bytes, tok);
            assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN"), rules(fs), cs.name());
            assertEquals(2, fs.get(0).location().line(), cs.name());
            byte[] tokBytes = tok.getBytes(cs.name().equals("UTF-16") ? StandardCharsets.UTF_16BE : cs);
            assertEquals(indexOf(bytes, tokBytes), fs.get(0).location().offset(), cs.name());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void aSecretPastTheTextLimitLeavesTheFileNotJudged() {
        Scanner small = new Scanner(new Limits(1 << 30, 1 << 30, 1 << 30, 4, 1000, 1 << 20, 1000,
                java.time.Duration.ofSeconds(60), 1 << 10), List.of(new SecretsDetector()));
        String text = "x = 1\n".repeat(400) + "HF_TOKEN = \"" + keys.hf() + "\"\n";
        var r = small.scan("big.txt", new ByteArraySource(text.getBytes(StandardCharsets.UTF_8)), null).get(0);
        assertFalse(r.judged(), r.toString());
    }

    @Test
    void findingsCarryAKeyedHashNotThePlainSha256() {
        String tok = keys.hf();
        byte[] a = ("HF_TOKEN = \"" + tok + "\"\n").getBytes(StandardCharsets.UTF_8);
        byte[] b = ("token: " + tok + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] key = "another-installation-key-of-32-b".getBytes(StandardCharsets.US_ASCII);
        Scanner one = new Scanner(Limits.defaults(), List.of(new SecretsDetector())).withSecretHashKey(key);
        String h1 = one.scan("a.py", new ByteArraySource(a), null).get(0).findings().get(0).secret().sha256();
        String h2 = one.scan("b.yaml", new ByteArraySource(b), null).get(0).findings().get(0).secret().sha256();
        assertEquals(h1, h2, "the same value in two files hashes alike");
        assertNotEquals(SecretsDetector.sha256(tok), h1, "the plain sha256 is never stored");
        assertEquals(SecretsDetector.keyedHash(key, tok), h1);
        assertEquals(SecretsDetector.keyedHashOfSha256(key, SecretsDetector.sha256(tok).toUpperCase()), h1,
                "an allowlist's plain sha256 can be matched with the key, without the value");
        String other = new Scanner(Limits.defaults(), List.of(new SecretsDetector())).withSecretHashKey(Keys.KEY)
                .scan("a.py", new ByteArraySource(a), null).get(0).findings().get(0).secret().sha256();
        assertNotEquals(h1, other, "another installation's key gives another hash");
    }

    @Test
    void realMlCodeAndNotebooksRaiseNoSecretFindings() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/fixtures/remotecode");
        for (String f : List.of("train_lora.py", "gradio_app.py", "modeling_llama_like.py", "compat_shims.py")) {
            byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve(f));
            assertEquals(List.of(), rules(scan(f, bytes)), f);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            assertEquals(List.of(), rules(scan(f.replace(".py", ".ipynb"), notebook(lines))), f + " as a notebook");
        }
    }
}
