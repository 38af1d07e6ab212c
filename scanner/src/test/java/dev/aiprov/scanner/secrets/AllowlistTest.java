package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Allowlist;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.aiprov.scanner.secrets.Keys.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowlistTest {
    private final Keys keys = new Keys(99);

    private List<FileResult> scanAll(String... pathsAndTexts) {
        Scanner scanner = new Scanner(Limits.defaults(), List.of(new SecretsDetector())).withSecretHashKey(Keys.KEY);
        List<FileResult> out = new ArrayList<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            out.addAll(scanner.scan(pathsAndTexts[i], new ByteArraySource(pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8)), null));
        }
        return out;
    }

    @Test
    void acceptedFindingIsFilteredByPathRuleAndHashOnly(@TempDir Path dir) throws Exception {
        String accepted = keys.hf(), rotated = keys.hf();
        List<FileResult> results = scanAll(
                "repo/notebooks/demo.ipynb", "{\"t\": \"" + accepted + "\"}",
                "repo/app.py", "TOKEN = \"" + accepted + "\"\n",
                "repo/notebooks/other.py", "TOKEN = \"" + rotated + "\"\n");
        Path file = dir.resolve(Allowlist.FILE_NAME);
        Files.writeString(file, "# accepted: revoked test token\n"
                + "notebooks/demo.ipynb  SECRET_HUGGINGFACE_TOKEN  " + Keys.sha(accepted) + "\n"
                + "notebooks/*.py        SECRET_HUGGINGFACE_TOKEN  " + Keys.sha(accepted) + "  # value differs: kept\n");
        Allowlist allow = Allowlist.load(file);
        assertEquals(2, allow.size());
        List<FileResult> filtered = allow.apply(results);
        assertEquals(List.of(), filtered.get(0).findings());
        assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN"), rules(filtered.get(1).findings()));
        assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN"), rules(filtered.get(2).findings()));
    }

    @Test
    void wildcardHashAcceptsEveryValueOfThatRuleUnderAGlob() {
        List<FileResult> results = scanAll("docs/examples/run.py", "DJANGO_SECRET_KEY = \"" + keys.random(Keys.ALNUM, 30) + "\"\n");
        Finding f = results.get(0).findings().get(0);
        assertTrue(Allowlist.parse("docs/** SECRET_GENERIC *").allows("docs/examples/run.py", f));
        assertFalse(Allowlist.parse("docs/** SECRET_JWT *").allows("docs/examples/run.py", f));
        assertFalse(Allowlist.parse("src/** * *").allows("docs/examples/run.py", f));
    }

    @Test
    void rejectsMalformedLinesWithTheirNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Allowlist.parse("# ok\na.py SECRET_GENERIC\n"));
        assertTrue(e.getMessage().contains("line 2"));
        assertThrows(IllegalArgumentException.class, () -> Allowlist.parse("a.py SECRET_GENERIC abc123"));
    }
}
