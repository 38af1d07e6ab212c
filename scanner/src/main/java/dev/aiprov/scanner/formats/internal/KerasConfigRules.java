package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.formats.internal.JsonTree.Node;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks applied to a Keras model config (the {@code config.json} of a {@code .keras} zip, the
 * {@code model_config} attribute of a legacy {@code .h5}): Lambda layers, objects resolved from
 * arbitrary modules (CVE-2025-1550), TFSMLayer (CVE-2026-1462) and custom objects.
 */
public final class KerasConfigRules {
    /** Modules whose objects Keras resolves from its own registry. */
    private static final List<String> SAFE_MODULES = List.of("keras", "tensorflow", "tf_keras", "keras_hub",
            "keras_nlp", "keras_cv", "keras_core");
    /** Modules (after alias normalisation) whose objects run code or touch the system. */
    private static final Set<String> DANGEROUS_MODULES = Set.of("os", "subprocess", "builtins", "sys", "importlib",
            "runpy", "shutil", "socket", "pickle", "marshal", "ctypes", "code", "codeop", "pty", "webbrowser",
            "multiprocessing", "pdb", "operator", "functools", "types", "inspect", "commands", "platform", "signal",
            "tempfile", "pathlib", "io", "http", "urllib", "requests", "asyncio", "pkgutil", "pydoc", "dill",
            "cloudpickle", "joblib", "torch", "numpy.f2py", "bdb", "timeit", "profile", "cprofile", "trace",
            "doctest", "idlelib", "pip", "ensurepip", "setuptools", "distutils", "uuid", "shelve", "gc");
    private static final Set<String> DANGEROUS_NAMES = Set.of("system", "popen", "exec", "eval", "compile",
            "__import__", "getattr", "setattr", "open", "execfile", "spawn", "call", "run", "check_output",
            "import_module", "loads", "load", "input", "breakpoint");

    /**
     * Callables inside Keras' and TensorFlow's own modules that Keras before 3.9 resolves by module
     * and name (importing the module) and that fetch, read, write or run code: a "safe" module is
     * no excuse for them (CVE-2025-8747 used {@code keras.utils.get_file}).
     */
    private static final Set<String> SAFE_MODULE_GADGETS = Set.of("get_file", "func_load", "load_model",
            "load_weights", "save_model", "save_weights", "write_file", "read_file", "py_function", "numpy_function",
            "py_func", "eager_py_func", "deserialize_keras_object", "rmtree", "remove", "rename", "copy", "makedirs",
            "GFile", "FastGFile", "Open");
    /** Module components, under those namespaces, that are file or code access themselves. */
    private static final Set<String> SAFE_NAMESPACE_GADGET_MODULES = Set.of("io", "gfile", "script_ops",
            "python_utils", "file_utils", "saving", "saving_lib", "legacy_h5_format", "saved_model");

    private final List<Finding> out = new ArrayList<>();

    private KerasConfigRules() {
    }

    /** Returns the findings for one parsed config. */
    public static List<Finding> check(Node root) {
        KerasConfigRules r = new KerasConfigRules();
        r.walk(root, "$", false);
        return r.out;
    }

    private void walk(Node n, String path, boolean inLambda) {
        if (n.value() instanceof List<?>) {
            List<Node> l = n.array();
            for (int i = 0; i < l.size(); i++) walk(l.get(i), path + "[" + i + "]", inLambda);
            return;
        }
        if (!(n.value() instanceof java.util.Map<?, ?>)) return;
        String cls = n.text("class_name");
        String module = n.text("module");
        String registered = n.text("registered_name");
        Node config = n.get("config");
        boolean lambda = "Lambda".equals(cls) || (registered != null && registered.endsWith("Lambda"));
        if (lambda) {
            boolean bytecode = config != null && ("lambda".equals(config.text("function_type")) || hasBytecode(config));
            add(bytecode ? Rule.KERAS_LAMBDA_BYTECODE : Rule.KERAS_LAMBDA_LAYER, bytecode ? Severity.CRITICAL : Severity.HIGH,
                    bytecode ? "Lambda layer carries marshalled Python bytecode that runs on load (CVE-2024-3660)"
                            : "Lambda layer calls a Python function resolved by name at load time",
                    n, path + " " + functionName(config));
        } else if ("__lambda__".equals(cls) && !inLambda) {
            add(Rule.KERAS_LAMBDA_BYTECODE, Severity.CRITICAL, "serialized Python lambda (marshalled bytecode)", n, path);
        }
        if ("TFSMLayer".equals(cls) || (registered != null && registered.endsWith("TFSMLayer"))) {
            String fp = config == null ? null : config.text("filepath");
            add(Rule.KERAS_TFSM_LAYER, Severity.HIGH, "TFSMLayer loads an external SavedModel, bypassing safe_mode "
                    + "(CVE-2026-1462)", n, path + " filepath=" + shorten(fp));
        }
        checkReference(n, path, module, cls, registered, config);
        for (var e : n.object().entrySet()) walk(e.getValue(), path + "." + e.getKey(), inLambda || lambda);
    }

    private void checkReference(Node n, String path, String module, String cls, String registered, Node config) {
        String name = "function".equals(cls) && config != null && config.value() instanceof String s ? s : cls;
        if (name == null) name = n.text("function");
        String target = module == null ? null : module + "." + name;
        if (module != null && (dangerousModule(module) || (!safeModule(module) && name != null && DANGEROUS_NAMES.contains(name)))) {
            add(Rule.KERAS_UNSAFE_MODULE, Severity.CRITICAL, "config resolves an object from module '" + module
                    + "', which runs code on load even with safe_mode (CVE-2025-1550)", n, path + " " + target);
            return;
        }
        if (module != null && safeModule(module) && (name != null && (SAFE_MODULE_GADGETS.contains(name)
                || DANGEROUS_NAMES.contains(name)) || gadgetNamespace(module))) {
            add(Rule.KERAS_UNSAFE_MODULE, Severity.CRITICAL, "config resolves '" + shorten(target) + "', a Keras or"
                    + " TensorFlow callable that fetches, reads, writes or loads code (CVE-2025-8747)", n, path + " " + target);
            return;
        }
        for (String dotted : new String[]{cls, registered}) {
            if (dotted != null && dotted.indexOf('.') > 0 && dangerousModule(dotted.substring(0, dotted.lastIndexOf('.')))) {
                add(Rule.KERAS_UNSAFE_MODULE, Severity.CRITICAL, "config names the Python callable '" + shorten(dotted)
                        + "'", n, path + " " + dotted);
                return;
            }
        }
        if (module != null && !safeModule(module)) {
            add(Rule.KERAS_CUSTOM_OBJECT, Severity.MEDIUM, "custom object imported from module '" + shorten(module)
                    + "' at load time", n, path + " " + target);
        } else if (registered != null && registered.indexOf('>') > 0
                && !safeModule(registered.substring(0, registered.indexOf('>')))) {
            add(Rule.KERAS_CUSTOM_OBJECT, Severity.MEDIUM, "custom object '" + shorten(registered)
                    + "' must be supplied by the loader's code", n, path + " " + registered);
        }
    }

    private static boolean gadgetNamespace(String module) {
        for (String part : module.trim().split("\\.")) if (SAFE_NAMESPACE_GADGET_MODULES.contains(part)) return true;
        return false;
    }

    static boolean safeModule(String module) {
        String m = module.trim();
        for (String s : SAFE_MODULES) if (m.equals(s) || m.startsWith(s + ".")) return true;
        return false;
    }

    static boolean dangerousModule(String module) {
        String m = module.trim().toLowerCase(Locale.ROOT);
        m = switch (m) {
            case "__builtin__", "__builtins__" -> "builtins";
            case "posix", "nt", "_posixsubprocess" -> "os";
            case "_pickle", "cpickle" -> "pickle";
            case "_operator" -> "operator";
            case "_io" -> "io";
            default -> m;
        };
        if (m.startsWith("_") && !m.startsWith("__")) m = m.substring(1);
        for (String d : DANGEROUS_MODULES) if (m.equals(d) || m.startsWith(d + ".")) return true;
        return false;
    }

    /** True when a value under this node holds base64 of a marshalled code object, or a __lambda__ form. */
    private static boolean hasBytecode(Node n) {
        if (n.value() instanceof String s) return isMarshalledCode(s);
        if ("__lambda__".equals(n.text("class_name"))) return true;
        for (Node c : n.array()) if (hasBytecode(c)) return true;
        for (Node c : n.object().values()) if (hasBytecode(c)) return true;
        return false;
    }

    static boolean isMarshalledCode(String s) {
        if (s.length() < 8 || s.length() > (16 << 20)) return false;
        String compact = s.substring(0, Math.min(s.length(), 256)).replaceAll("\\s", "");
        compact = compact.substring(0, Math.min(compact.length(), 64) & ~3);
        try {
            byte[] b = Base64.getDecoder().decode(compact);
            return b.length > 0 && (b[0] == 0x63 || b[0] == (byte) 0xe3);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String functionName(Node config) {
        if (config == null) return "";
        Node f = config.get("function");
        if (f != null && f.value() instanceof String s) return "function=" + shorten(s);
        return config.text("module") != null ? "module=" + shorten(config.text("module")) : "";
    }

    private static String shorten(String s) {
        if (s == null) return "";
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private void add(Rule rule, Severity sev, String message, Node at, String evidence) {
        if (out.size() >= 1000) return;
        out.add(Finding.of(rule, sev, message, Location.line(at.line(), at.offset()), shorten(evidence.strip())));
    }
}
