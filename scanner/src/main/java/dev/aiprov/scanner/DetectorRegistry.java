package dev.aiprov.scanner;

import java.util.ArrayList;
import java.util.List;

/** The built-in detectors. Each group adds its own lines in its own section. */
public final class DetectorRegistry {
    private DetectorRegistry() {
    }

    public static List<Detector> all() {
        List<Detector> d = new ArrayList<>();
        // --- pickle family, containers and archives (pickle, pytorch, numpy, joblib, zip, tar, 7z, compressed) ---
        d.add(new dev.aiprov.scanner.pickle.PickleDetector());
        d.addAll(dev.aiprov.scanner.pickle.PickleDetector.legacyTarStreams());
        d.add(new dev.aiprov.scanner.pickle.NumpyDetector());
        d.add(new dev.aiprov.scanner.archive.ZipDetector());
        d.add(new dev.aiprov.scanner.archive.TarDetector());
        d.add(new dev.aiprov.scanner.archive.SevenZipDetector());
        d.add(new dev.aiprov.scanner.archive.CompressedDetector());
        d.add(new dev.aiprov.scanner.archive.DataDetector());
        // --- other model formats (keras, h5, savedmodel, onnx, gguf, safetensors) ---
        // --- text artifacts (secrets, remote code, repo config) ---
        return d;
    }
}
