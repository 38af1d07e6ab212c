package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real torch, numpy, joblib and sklearn saves: judged, labelled, and never high or critical. */
class BenignFilesTest {
    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("torch_state_dict.pt", "pytorch"), Map.entry("torch_legacy_state_dict.pt", "pytorch"),
            Map.entry("torch_full_model.pt", "pytorch"), Map.entry("torch_legacy_tar.pt", "pytorch"), Map.entry("torch_training_checkpoint.pt", "pytorch"),
            Map.entry("torchscript_module.pt", "torchscript"), Map.entry("array.npy", "npy"),
            Map.entry("object_array.npy", "npy"), Map.entry("structured.npy", "npy"), Map.entry("arrays.npz", "npz"),
            Map.entry("arrays_compressed.npz", "npz"), Map.entry("model.joblib", "joblib"),
            Map.entry("model.joblib.z", "joblib"), Map.entry("model.joblib.gz", "joblib"),
            Map.entry("model.joblib.bz2", "joblib"), Map.entry("model.joblib.xz", "joblib"),
            Map.entry("model.joblib.lzma", "joblib"), Map.entry("sklearn_logreg.joblib", "joblib"),
            Map.entry("sklearn_logreg.pkl", "pickle"), Map.entry("numpy_array_proto2.pkl", "pickle"));

    static Stream<String> benign() throws IOException {
        try (Stream<Path> s = Files.list(FixtureScan.fixture("benign"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("benign")
    void judgesABenignSaveWithoutHighOrCritical(String file) {
        List<FileResult> r = FixtureScan.scan("benign/" + file);
        for (FileResult fr : r) {
            assertNull(fr.error(), fr.path() + ": " + fr.error());
            for (Finding f : fr.findings()) assertFalse(f.severity().atLeast(Severity.HIGH), file + ": " + f);
        }
        String expected = FORMATS.getOrDefault(file, file.endsWith(".pkl") ? "pickle" : null);
        if (expected != null) assertEquals(expected, r.get(0).format());
    }

    @Test
    void coversEveryBenignKindTheGeneratorWrites() throws IOException {
        List<String> files = benign().toList();
        assertTrue(files.containsAll(FORMATS.keySet()), "missing: " + FORMATS.keySet().stream().filter(f -> !files.contains(f)).toList());
    }

    @Test
    void leavesPlainStateDictsWithoutAnyFinding() {
        for (String f : List.of("torch_state_dict.pt", "torch_legacy_state_dict.pt", "torch_training_checkpoint.pt",
                "torch_legacy_tar.pt", "array.npy", "arrays.npz", "model.joblib", "model.joblib.xz", "plain_data_proto0.pkl", "plain_data_proto5.pkl")) {
            assertEquals(List.of(), FixtureScan.all(FixtureScan.scan("benign/" + f)), f);
        }
    }

    @Test
    void gradesSklearnClassesMediumNotHigh() {
        Finding f = FixtureScan.require(FixtureScan.scan("benign/sklearn_logreg.pkl"), "PICKLE_GLOBAL_LIBRARY",
                "sklearn.linear_model._logistic.LogisticRegression");
        assertEquals(Severity.MEDIUM, f.severity());
    }
}
