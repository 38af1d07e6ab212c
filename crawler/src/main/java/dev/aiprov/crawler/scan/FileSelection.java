package dev.aiprov.crawler.scan;

import java.util.Locale;
import java.util.Set;

/**
 * Which files of a repo revision are worth fetching: every serialized-model format the scanner
 * knows, model cards, configs, notebooks, Python and app code, env/YAML files; files whose name says
 * nothing get a first-bytes probe. Media and columnar data are left alone.
 */
public final class FileSelection {
    /** Text files larger than this are not fetched whole (recorded as skipped, never as clean). */
    public static final long MAX_TEXT_BYTES = 20L << 20;

    public enum Decision { SCAN_MODEL, SCAN_TEXT, PROBE, IGNORE }

    private static final Set<String> MODEL_EXT = Set.of("bin", "pt", "pth", "ckpt", "pkl", "pickle", "joblib", "dill",
            "npy", "npz", "h5", "hdf5", "keras", "pb", "onnx", "gguf", "ggml", "safetensors", "zip", "tar", "tgz", "gz",
            "7z", "bz2", "xz", "lzma", "nemo", "mar", "pte", "ptl", "torchscript");
    private static final Set<String> TEXT_EXT = Set.of("md", "json", "ipynb", "py", "env", "yaml", "yml", "toml", "cfg",
            "ini", "sh", "js", "ts", "txt", "netrc", "properties", "conf", "r", "jsonl");
    private static final Set<String> TEXT_NAMES = Set.of("dockerfile", ".env", ".netrc", "requirements.txt", "app.py",
            "packages.txt", "procfile", "makefile");
    private static final Set<String> IGNORE_EXT = Set.of("png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp",
            "tiff", "wav", "mp3", "flac", "ogg", "mp4", "webm", "avi", "mov", "parquet", "arrow", "csv", "tsv",
            "woff", "woff2", "ttf", "otf", "pdf", "gitattributes", "gitignore", "msgpack", "tflite", "mlmodel",
            "ot", "spm", "tiktoken", "lock", "model");

    private FileSelection() {
    }

    public static Decision decide(String path, long size) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (TEXT_NAMES.contains(name) || name.startsWith(".env")) return Decision.SCAN_TEXT;
        if (MODEL_EXT.contains(ext)) return Decision.SCAN_MODEL;
        if (TEXT_EXT.contains(ext)) {
            // large vocab/tokenizer dumps are probed, not fetched whole: a pickle named .txt is still caught
            return size > MAX_TEXT_BYTES ? Decision.PROBE : Decision.SCAN_TEXT;
        }
        if (IGNORE_EXT.contains(ext) || name.equals(".gitattributes")) return Decision.IGNORE;
        return Decision.PROBE;   // no extension, or one that says nothing: look at the first bytes
    }

    /** First-bytes test for files whose name says nothing: pickle, zip, gzip, 7z, xz, bz2, HDF5, GGUF, safetensors-like. */
    public static boolean looksScannable(byte[] head) {
        if (head.length < 2) return false;
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        if (b0 == 0x80 && b1 >= 2 && b1 <= 5) return true;                        // pickle PROTO 2-5
        if (b0 == 'P' && b1 == 'K') return true;                                    // zip
        if (b0 == 0x1f && b1 == 0x8b) return true;                                  // gzip
        if (b0 == '7' && b1 == 'z') return true;                                    // 7z
        if (b0 == 0xfd && b1 == '7') return true;                                   // xz
        if (b0 == 'B' && b1 == 'Z') return true;                                    // bzip2
        if (b0 == 0x89 && b1 == 'H') return true;                                   // HDF5
        if (b0 == 'G' && b1 == 'G') return true;                                    // GGUF
        if (b0 == 0x93 && b1 == 'N') return true;                                   // .npy
        if (head.length >= 9 && head[8] == '{') return true;                        // safetensors header
        if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't') return true;  // tar
        // protocol 0/1 pickles start with an opcode; a GLOBAL 'c' followed by "module\nname\n"
        return b0 == 'c' && indexOf(head, (byte) '\n') > 0 && indexOf(head, (byte) '\n') < 64;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }
}
