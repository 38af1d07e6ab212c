package dev.aiprov.scanner.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static dev.aiprov.scanner.secrets.Keys.rules;
import static dev.aiprov.scanner.secrets.Keys.scan;
import static dev.aiprov.scanner.secrets.Keys.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notebooks (sources, outputs, attachments) and negatives shaped like real Hub artifacts. */
class NotebookAndArtifactTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/secrets");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Keys keys = new Keys(7);

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        int line = 1;
        for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private ObjectNode codeCell(String... source) {
        ObjectNode cell = JSON.createObjectNode().put("cell_type", "code");
        cell.putObject("metadata");
        ArrayNode src = cell.putArray("source");
        for (String s : source) src.add(s);
        cell.putArray("outputs");
        return cell;
    }

    @Test
    void reportsSecretInACellOutputAtItsStoredLineWithCellAndOutputIndex() throws Exception {
        String tok = keys.hf();
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode cells = nb.putArray("cells");
        cells.add(codeCell("import os\n", "print(1)\n"));
        ObjectNode cell = codeCell("!cat ~/.huggingface/token\n");
        ArrayNode outs = (ArrayNode) cell.get("outputs");
        outs.addObject().put("output_type", "stream").put("name", "stderr").putArray("text").add("warning: none\n");
        outs.addObject().put("output_type", "stream").put("name", "stdout").putArray("text").add("token: " + tok + "\n");
        cells.add(cell);
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        String text = JSON.writeValueAsString(nb);
        Finding f = only(scan("train.ipynb", text, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(lineOf(text, tok), f.location().line());
        assertEquals(text.indexOf(tok), f.location().offset());
        assertTrue(f.evidence().endsWith("at cell 1, output 1"), f.evidence());
    }

    @Test
    void reportsSecretInACellSourceAndInABase64Attachment() throws Exception {
        String tok = keys.hf(), tok2 = keys.github("ghp_");
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode cells = nb.putArray("cells");
        cells.add(codeCell("from huggingface_hub import login\n", "login(token=\"" + tok + "\")\n"));
        ObjectNode md = JSON.createObjectNode().put("cell_type", "markdown");
        md.putObject("metadata");
        md.putArray("source").add("![notes](attachment:notes.txt)");
        String b64 = Base64.getEncoder().encodeToString(("deploy notes\nGITHUB_TOKEN=" + tok2 + "\n").getBytes(StandardCharsets.UTF_8));
        md.putObject("attachments").putObject("notes.txt").put("text/plain", b64);
        cells.add(md);
        nb.put("nbformat", 4);
        String text = JSON.writeValueAsString(nb);
        List<Finding> fs = scan("demo.ipynb", text, tok, tok2);
        assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN", "SECRET_GITHUB_TOKEN"), rules(fs));
        assertEquals(lineOf(text, tok), fs.get(0).location().line());
        assertTrue(fs.get(0).evidence().endsWith("at cell 0, source"), fs.get(0).evidence());
        assertEquals(lineOf(text, b64), fs.get(1).location().line());
        assertTrue(fs.get(1).evidence().endsWith("at cell 1, attachment notes.txt"), fs.get(1).evidence());
        assertTrue(fs.get(1).message().contains("base64"));
        assertEquals(sha(tok2), fs.get(1).secret().sha256());
    }

    @Test
    void notebookWithBase64PngOutputAndColabSecretsIsClean() throws Exception {
        byte[] nb = Files.readAllBytes(FIXTURES.resolve("notebook-png-output.ipynb"));
        assertEquals(List.of(), scan("notebook-png-output.ipynb", nb));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model-card.md", "lfs-pointer.bin", "tokenizer_config.json", "hf-api-bert.json",
            "hf-api-sd21.json", "hf-tree-whisper.json", "hf-resolve-head.json"})
    void realArtifactShapesWithDigestsIdsAndPlaceholdersAreClean(String name) throws Exception {
        Scanner scanner = new Scanner(Limits.defaults(), List.of(new SecretsDetector()));
        List<FileResult> rs = scanner.scanFile(FIXTURES.resolve(name), name);
        assertEquals("text", rs.get(0).format());
        assertEquals(List.of(), rs.get(0).findings());
    }

    @Test
    void modelCardWithALeakedTokenInItsFrontMatterIsFlaggedOnThatLine() throws Exception {
        String tok = keys.hf();
        String card = Files.readString(FIXTURES.resolve("model-card.md"))
                .replace("base_model: distilbert/distilbert-base-uncased", "base_model: distilbert/distilbert-base-uncased\nhub_token: " + tok);
        Finding f = only(scan("README.md", card, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(lineOf(card, tok), f.location().line());
    }

    private static Finding only(List<Finding> fs, String rule) {
        assertEquals(List.of(rule), rules(fs), () -> "findings: " + fs);
        return fs.get(0);
    }
}
