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
        // --- other model formats (keras, h5, savedmodel, onnx, gguf, safetensors) ---
        // --- text artifacts (secrets, remote code, repo config) ---
        d.add(new dev.aiprov.scanner.secrets.SecretsDetector());
        d.add(new dev.aiprov.scanner.remotecode.AutoMapDetector());
        d.add(new dev.aiprov.scanner.remotecode.PythonCodeDetector());
        return d;
    }
}
