package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceDiscoveryTest {
    static final String A40 = "0123456789abcdef0123456789abcdef01234567";

    static Path tree(String name) throws Exception {
        return Path.of(SourceDiscoveryTest.class.getResource("/inventory/discover/" + name).toURI());
    }

    static Reference ref(RepoType t, String repo, String rev, String file, int line) {
        return new Reference(t, repo, rev, file, line);
    }

    @Test
    void findsEveryReferenceFormWithItsFileLineAndRevision() throws Exception {
        SourceDiscovery.Result r = SourceDiscovery.discover(tree("positive"));
        assertEquals(List.of(
                ref(RepoType.MODEL, "acme/served-model", "2222222222222222222222222222222222222222", "Dockerfile", 3),
                ref(RepoType.DATASET, "acme/aux-data", "3333333333333333333333333333333333333333", "Dockerfile", 4),
                ref(RepoType.MODEL, "acme/served-model", "2222222222222222222222222222222222222222", "config/serve.json", 3),
                ref(RepoType.MODEL, "acme/llama-ft", "4444444444444444444444444444444444444444", "config/train.yaml", 1),
                ref(RepoType.DATASET, "acme/instructions", null, "config/train.yaml", 3),
                ref(RepoType.MODEL, "acme/base-model", null, "config/train.yaml", 5),
                ref(RepoType.MODEL, "acme/notebook-model", "5555555555555555555555555555555555555555", "notebooks/explore.ipynb", 26),
                ref(RepoType.DATASET, "acme/nb-data", null, "notebooks/explore.ipynb", 27),
                ref(RepoType.MODEL, "acme/notebook-model", null, "notebooks/explore.ipynb", 35),
                ref(RepoType.MODEL, "acme/script-model", "main", "scripts/fetch.sh", 3),
                ref(RepoType.MODEL, "acme/base-model", A40, "train.py", 5),
                ref(RepoType.MODEL, "acme/base-model", null, "train.py", 6),
                ref(RepoType.MODEL, "acme/classifier", "v1.2", "train.py", 7),
                ref(RepoType.MODEL, "acme/generator", null, "train.py", 8),
                ref(RepoType.MODEL, "acme/weights", "89abcdef0123456789abcdef0123456789abcdef", "train.py", 9),
                ref(RepoType.DATASET, "acme/eval-set", "fedcba9876543210fedcba9876543210fedcba98", "train.py", 11),
                ref(RepoType.DATASET, "acme/corpus", "1111111111111111111111111111111111111111", "train.py", 15),
                ref(RepoType.SPACE, "acme/demo-space", null, "train.py", 16),
                ref(RepoType.MODEL, "acme/encoder", null, "train.py", 18)), r.references());
        assertEquals(List.of(), r.skipped());
    }

    @Test
    void reportsNothingForLocalPathsVariablesPlaceholdersMimeTypesAndComments() throws Exception {
        SourceDiscovery.Result r = SourceDiscovery.discover(tree("negative"));
        assertEquals(List.of(), r.references());
    }

    @Test
    void oversizedAndBinaryFilesAreSkippedNotRead(@TempDir Path dir) throws Exception {
        byte[] big = new byte[(int) SourceDiscovery.MAX_SOURCE_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] call = "AutoModel.from_pretrained('acme/too-big')".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(call, 0, big, 0, call.length);
        Files.write(dir.resolve("big.py"), big);
        Files.write(dir.resolve("bin.py"), new byte[]{'x', 0, 'y'});
        Files.writeString(dir.resolve("ok.py"), "\n\nAutoModel.from_pretrained('acme/fine')\n");
        SourceDiscovery.Result r = SourceDiscovery.discover(dir);
        assertEquals(List.of(ref(RepoType.MODEL, "acme/fine", null, "ok.py", 3)), r.references());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).startsWith("big.py: "), r.skipped().toString());
    }

    @Test
    void unterminatedCallsAndBrokenNotebooksDoNotStopTheWalk(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.py"), "x = AutoModel.from_pretrained('acme/open'\n" + "(".repeat(5000));
        Files.writeString(dir.resolve("b.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"AutoModel.from_pre");
        Files.writeString(dir.resolve("c.py"), "AutoModel.from_pretrained(\"acme/after\")\n");
        SourceDiscovery.Result r = SourceDiscovery.discover(dir);
        assertEquals(List.of(ref(RepoType.MODEL, "acme/after", null, "c.py", 1)), r.references());
        assertEquals(1, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().get(0).startsWith("b.ipynb: "), r.skipped().toString());
    }

    @Test
    void plausibilityRejectsNonRepoStrings() {
        for (String s : List.of("text/plain", "application/json", "image/png", "org/name", "your-org/your-model",
                "data/train.csv", "models/model.safetensors", "a/b/c", "./x/y", "~/x")) {
            assertEquals(false, RepoIds.isPlausibleReference(s), s);
        }
        for (String s : List.of("meta-llama/Llama-3.1-8B", "google-bert/bert-base-uncased", "acme/x.v2")) {
            assertEquals(true, RepoIds.isPlausibleReference(s), s);
        }
    }
}
