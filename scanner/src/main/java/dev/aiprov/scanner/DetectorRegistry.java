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
        d.add(new dev.aiprov.scanner.formats.KerasConfigDetector());
        d.add(new dev.aiprov.scanner.formats.Hdf5Detector());
        d.add(new dev.aiprov.scanner.formats.SavedModelDetector());
        d.add(new dev.aiprov.scanner.formats.OnnxDetector());
        d.add(new dev.aiprov.scanner.formats.GgufDetector());
        d.add(new dev.aiprov.scanner.formats.SafetensorsDetector());
        d.add(new dev.aiprov.scanner.formats.CompiledCodeDetector());
        // --- text artifacts (secrets, remote code, repo config) ---
        d.add(new dev.aiprov.scanner.secrets.SecretsDetector());
        d.add(new dev.aiprov.scanner.remotecode.AutoMapDetector());
        d.add(new dev.aiprov.scanner.remotecode.PythonCodeDetector());
        return d;
    }
}
