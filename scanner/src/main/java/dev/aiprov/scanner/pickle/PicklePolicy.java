package dev.aiprov.scanner.pickle;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges an imported pickle global. Every component of the dotted name is checked for dunders
 * first (only an exact allowlisted name such as {@code copyreg.__newobj__} may hold one); then a
 * graded denylist matched by module prefix, on the normalised name and on every attribute walk
 * inside it ({@code numpy} + {@code testing.os.system} walks to {@code os.system}); only then the
 * allowlist of exact callables (what real torch, numpy and joblib files need; no module prefix is
 * trusted). Anything else is unknown: medium when only imported, high when invoked.
 */
public final class PicklePolicy {

    /** How much an imported global is trusted. */
    public enum Level { ALLOW, LIBRARY, UNKNOWN, DENY }

    /**
     * The verdict on one global: its normalised dotted name, level and why; {@code dunder} when it
     * is denied for a dunder component (reported as {@code PICKLE_GLOBAL_DUNDER}).
     */
    public record Verdict(String dotted, Level level, String reason, boolean dunder) {
        public Verdict(String dotted, Level level, String reason) {
            this(dotted, level, reason, false);
        }
    }

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("__builtin__", "builtins"), Map.entry("exceptions", "builtins"),
            Map.entry("posix", "os"), Map.entry("nt", "os"),
            Map.entry("_pickle", "pickle"), Map.entry("cPickle", "pickle"),
            Map.entry("_operator", "operator"), Map.entry("_io", "io"),
            Map.entry("copy_reg", "copyreg"), Map.entry("_codecs", "_codecs"),
            Map.entry("commands", "subprocess"), Map.entry("_posixsubprocess", "subprocess"),
            Map.entry("_socket", "socket"), Map.entry("_ctypes", "ctypes"), Map.entry("_thread", "threading"),
            Map.entry("_asyncio", "asyncio"), Map.entry("_imp", "importlib"), Map.entry("imp", "importlib"),
            Map.entry("_bootlocale", "locale"), Map.entry("_frozen_importlib", "importlib"),
            Map.entry("_frozen_importlib_external", "importlib"), Map.entry("_sqlite3", "sqlite3"));

    private static final Set<String> ALLOW = Set.of(
            // torch checkpoints
            "torch.Size", "torch.device", "torch.dtype", "torch.Tensor", "torch.layout", "torch.memory_format",
            "torch.nn.parameter.Parameter", "torch.nn.parameter.UninitializedParameter",
            "torch.nn.parameter.UninitializedBuffer", "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
            "torch._C._nn.gelu",
            "torch._tensor._rebuild_from_type", "torch._tensor._rebuild_from_type_v2",
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist",
            "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist",
            "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag",
            "numpy.core._internal._reconstruct", "numpy._core._internal._reconstruct", "builtins.xrange",
            // numpy
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray",
            "numpy.dtype", "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
            "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer", "numpy.ma.core._mareconstruct",
            "numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__generator_ctor",
            "numpy.random._pickle.__bit_generator_ctor", "numpy.random.__RandomState_ctor",
            "numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64", "numpy.random._pcg64.PCG64DXSM",
            "numpy.random._philox.Philox", "numpy.random._sfc64.SFC64",
            "numpy.core.multiarray.ndarray", "numpy.matrix", "numpy.core._ufunc_reconstruct",
            "numpy._core._ufunc_reconstruct", "numpy.recarray", "numpy.ma.core.MaskedArray",
            // joblib's own array wrapper (the format, not user code)
            "joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
            // protocol 2 bytes and object reconstruction
            "_codecs.encode", "codecs.encode", "copyreg._reconstructor", "copyreg.__newobj__",
            "copyreg.__newobj_ex__",
            // plain data
            "builtins.set", "builtins.frozenset", "builtins.complex", "builtins.slice", "builtins.bytearray",
            "builtins.list", "builtins.dict", "builtins.tuple", "builtins.int", "builtins.float", "builtins.bool",
            "builtins.str", "builtins.bytes", "builtins.range", "builtins.object", "builtins.NoneType",
            "collections.OrderedDict", "collections.defaultdict", "collections.Counter", "collections.deque",
            "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta", "datetime.timezone",
            "decimal.Decimal", "fractions.Fraction", "uuid.UUID", "argparse.Namespace",
            "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePosixPath", "pathlib.PureWindowsPath",
            "pathlib.Path", "types.SimpleNamespace");

    private static final Set<String> TORCH_DTYPES = Set.of("float32", "float", "float64", "double", "float16",
            "half", "bfloat16", "int8", "int16", "short", "int32", "int", "int64", "long", "uint8", "bool",
            "complex32", "complex64", "complex128", "cfloat", "cdouble", "chalf", "qint8", "quint8", "qint32",
            "quint4x2", "quint2x4", "float8_e4m3fn", "float8_e5m2", "uint16", "uint32", "uint64", "strided",
            "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn", "channels_last",
            "channels_last_3d", "contiguous_format", "preserve_format");

    /** The {@code torch._utils._rebuild_*} functions torch writes (each rebuilds a tensor from plain arguments). */
    private static final Set<String> TORCH_REBUILD = Set.of("_rebuild_tensor", "_rebuild_tensor_v2",
            "_rebuild_tensor_v3", "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor",
            "_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor", "_rebuild_nested_tensor",
            "_rebuild_device_tensor_from_numpy", "_rebuild_meta_tensor_no_storage", "_rebuild_wrapper_subclass",
            "_rebuild_xla_tensor", "_rebuild_mlc_tensor", "_rebuild_buffer", "_rebuild_tensor_from_cpu_tensor");

    /** Whole modules (and their submodules) whose import alone is code execution or file/network access. */
    private static final Map<String, String> DENY_MODULES = Map.ofEntries(
            Map.entry("os", "operating system calls"), Map.entry("subprocess", "process execution"),
            Map.entry("pty", "process execution"), Map.entry("sys", "interpreter internals"),
            Map.entry("runpy", "code execution"), Map.entry("importlib", "dynamic import"),
            Map.entry("pickle", "nested unpickling"), Map.entry("dill", "nested unpickling"),
            Map.entry("cloudpickle", "nested unpickling"), Map.entry("shelve", "nested unpickling"),
            Map.entry("marshal", "code object loading"), Map.entry("types", "code object construction"),
            Map.entry("pip", "package installation"), Map.entry("ensurepip", "package installation"),
            Map.entry("setuptools", "package installation"), Map.entry("distutils", "package installation"),
            Map.entry("venv", "package installation"), Map.entry("bdb", "debugger code execution"),
            Map.entry("pdb", "debugger code execution"), Map.entry("webbrowser", "opens URLs"),
            Map.entry("antigravity", "opens URLs"), Map.entry("socket", "network access"),
            Map.entry("socketserver", "network access"), Map.entry("ssl", "network access"),
            Map.entry("http", "network access"), Map.entry("urllib", "network access"),
            Map.entry("urllib2", "network access"), Map.entry("httplib", "network access"),
            Map.entry("requests", "network access"), Map.entry("httpx", "network access"),
            Map.entry("aiohttp", "network access"), Map.entry("ftplib", "network access"),
            Map.entry("smtplib", "network access"), Map.entry("telnetlib", "network access"),
            Map.entry("poplib", "network access"), Map.entry("nntplib", "network access"),
            Map.entry("xmlrpc", "network access"), Map.entry("imaplib", "process execution (IMAP4_stream)"),
            Map.entry("asyncio", "process execution (subprocess transports)"),
            Map.entry("multiprocessing", "process execution"), Map.entry("concurrent", "process execution"),
            Map.entry("threading", "thread creation"), Map.entry("signal", "signal handlers"),
            Map.entry("pkgutil", "dynamic import"), Map.entry("zipimport", "dynamic import"),
            Map.entry("mailcap", "shell command lookup"), Map.entry("profile", "code execution"),
            Map.entry("cProfile", "code execution"), Map.entry("trace", "code execution"),
            Map.entry("timeit", "code execution"), Map.entry("pydoc", "dynamic import"),
            Map.entry("doctest", "code execution"), Map.entry("idlelib", "code execution"),
            Map.entry("code", "code execution"), Map.entry("codeop", "code compilation"),
            Map.entry("shutil", "file system access"), Map.entry("tempfile", "file system access"),
            Map.entry("glob", "file system access"), Map.entry("fileinput", "file system access"),
            Map.entry("linecache", "file system access"), Map.entry("tarfile", "file extraction"),
            Map.entry("zipfile", "file extraction"), Map.entry("ctypes", "native code"),
            Map.entry("cffi", "native code"), Map.entry("platform", "process execution"),
            Map.entry("_osx_support", "process execution"), Map.entry("_aix_support", "process execution"),
            Map.entry("gc", "interpreter internals"), Map.entry("inspect", "interpreter internals"),
            Map.entry("site", "interpreter internals"), Map.entry("sysconfig", "interpreter internals"),
            Map.entry("builtins.__import__", "dynamic import"), Map.entry("logging.config", "code execution"),
            Map.entry("cgitb", "code execution"), Map.entry("numpy.f2py", "code compilation"),
            Map.entry("numpy.distutils", "code compilation"), Map.entry("numpy.ctypeslib", "native code"),
            Map.entry("numpy.testing", "process execution"), Map.entry("numpy.lib.npyio", "nested unpickling"),
            Map.entry("numpy.lib.format", "nested unpickling"), Map.entry("torch.hub", "remote code"),
            Map.entry("torch.package", "nested loading"), Map.entry("torch.utils.cpp_extension", "code compilation"),
            Map.entry("torch._inductor", "code compilation"), Map.entry("torch.ops", "native operators"),
            Map.entry("torch._C", "interpreter internals"), Map.entry("keras.models", "nested model loading"),
            Map.entry("tensorflow.io", "file system access"), Map.entry("_winapi", "process execution"),
            Map.entry("msvcrt", "native code"), Map.entry("winreg", "registry access"),
            Map.entry("fcntl", "file descriptors"), Map.entry("resource", "process limits"));

    /** Single callables. */
    private static final Map<String, String> DENY_NAMES = Map.ofEntries(
            Map.entry("builtins.eval", "code execution"), Map.entry("builtins.exec", "code execution"),
            Map.entry("builtins.execfile", "code execution"), Map.entry("builtins.compile", "code compilation"),
            Map.entry("builtins.getattr", "attribute access gadget"), Map.entry("builtins.setattr", "attribute write"),
            Map.entry("builtins.delattr", "attribute write"), Map.entry("builtins.open", "file access"),
            Map.entry("builtins.file", "file access"), Map.entry("builtins.breakpoint", "debugger"),
            Map.entry("builtins.input", "interactive input"), Map.entry("builtins.globals", "interpreter internals"),
            Map.entry("builtins.locals", "interpreter internals"), Map.entry("builtins.vars", "interpreter internals"),
            Map.entry("builtins.help", "dynamic import"), Map.entry("builtins.exit", "process exit"),
            Map.entry("builtins.quit", "process exit"), Map.entry("builtins.reload", "dynamic import"),
            Map.entry("builtins.apply", "call gadget"), Map.entry("builtins.type", "class construction"),
            Map.entry("builtins.super", "attribute access gadget"), Map.entry("builtins.memoryview", "memory access"),
            Map.entry("operator.methodcaller", "call gadget"), Map.entry("operator.attrgetter", "attribute access gadget"),
            Map.entry("operator.call", "call gadget"), Map.entry("functools.partial", "call gadget"),
            Map.entry("functools.reduce", "call gadget"), Map.entry("io.open", "file access"),
            Map.entry("io.FileIO", "file access"), Map.entry("io.open_code", "file access"),
            Map.entry("codecs.open", "file access"), Map.entry("torch.load", "nested unpickling"),
            Map.entry("torch.serialization.load", "nested unpickling"), Map.entry("torch.jit.load", "nested model loading"),
            Map.entry("torch.serialization._load", "nested unpickling"), Map.entry("torch.storage._load_from_bytes", "nested unpickling"),
            Map.entry("numpy.load", "nested unpickling"), Map.entry("numpy.loads", "nested unpickling"),
            Map.entry("numpy.fromfile", "file access"), Map.entry("numpy.memmap", "file access"),
            Map.entry("numpy.save", "file write"), Map.entry("numpy.savez", "file write"),
            Map.entry("numpy.savetxt", "file write"), Map.entry("numpy.loadtxt", "file access"),
            Map.entry("numpy.genfromtxt", "file access"), Map.entry("joblib.load", "nested unpickling"),
            Map.entry("joblib.numpy_pickle.load", "nested unpickling"), Map.entry("pandas.read_pickle", "nested unpickling"),
            Map.entry("pandas.io.pickle.read_pickle", "nested unpickling"), Map.entry("copyreg.add_extension", "extension registry write"),
            Map.entry("copyreg.remove_extension", "extension registry write"), Map.entry("copyreg._extension_registry", "extension registry"),
            Map.entry("copyreg.dispatch_table", "reducer registry"), Map.entry("code.InteractiveInterpreter", "code execution"),
            Map.entry("keras.models.load_model", "nested model loading"),
            Map.entry("torch._utils._type", "imports the dotted name it is given (_import_dotted_name)"),
            Map.entry("torch._utils._import_dotted_name", "dynamic import"));

    private static final Set<String> LIBRARY_PREFIXES = Set.of("sklearn", "joblib", "scipy", "pandas", "xgboost",
            "lightgbm", "catboost", "statsmodels", "transformers", "tokenizers", "sentence_transformers",
            "pytorch_lightning", "lightning", "timm", "torchvision", "gensim", "spacy");

    private PicklePolicy() {
    }

    /** Normalises alias modules ({@code posix} is {@code os}, {@code __builtin__} is {@code builtins}, ...). */
    public static String normaliseModule(String module) {
        int dot = module.indexOf('.');
        String head = dot < 0 ? module : module.substring(0, dot);
        String mapped = ALIASES.get(head);
        if (mapped == null) return module;
        return dot < 0 ? mapped : mapped + module.substring(dot);
    }

    public static Verdict judge(String module, String name) {
        String mod = normaliseModule(module);
        String dotted = mod + "." + name;
        // names and attribute paths first: no allowlisted module lends its trust to a walk or a dunder
        String[] parts = dotted.split("\\.", -1);
        boolean torchScript = mod.equals("__torch__") || mod.startsWith("__torch__.");
        for (int i = torchScript ? 1 : 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) return new Verdict(dotted, Level.DENY, "malformed dotted name");
            boolean exactAllowed = i == parts.length - 1 && ALLOW.contains(dotted);
            if (p.length() > 4 && p.startsWith("__") && p.endsWith("__") && !exactAllowed) {
                return new Verdict(dotted, Level.DENY, "dunder attribute " + p + " reaches interpreter internals", true);
            }
        }
        String reason = denied(dotted);
        if (reason != null) return new Verdict(dotted, Level.DENY, reason);
        // attribute walks inside the name (protocol 4 dotted names): judge what each walk reaches
        String[] nameParts = name.split("\\.", -1);
        for (int i = 1; i < nameParts.length; i++) {
            String walked = normaliseModule(String.join(".", java.util.Arrays.copyOfRange(nameParts, i, nameParts.length)));
            String r = denied(walked);
            if (r == null && !walked.contains(".")) r = denied("builtins." + walked);
            if (r != null) return new Verdict(dotted, Level.DENY, "attribute walk to " + walked + ": " + r);
        }
        if (isAllowed(mod, name, dotted)) return new Verdict(dotted, Level.ALLOW, "allowlisted");
        if (mod.equals("uuid") && name.startsWith("_")) return new Verdict(dotted, Level.DENY, "uuid private helper runs commands");
        if (nameParts.length > 1) return new Verdict(dotted, Level.UNKNOWN, "dotted attribute walk");
        String top = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
        if (LIBRARY_PREFIXES.contains(top)) return new Verdict(dotted, Level.LIBRARY, "class from a known ML library");
        return new Verdict(dotted, Level.UNKNOWN, "not on the allowlist");
    }

    /** Exact callables only; the two torch families are closed lists of names, not module prefixes. */
    private static boolean isAllowed(String mod, String name, String dotted) {
        if (name.contains(".")) return false;
        if (ALLOW.contains(dotted)) return true;
        if (mod.equals("__torch__") || mod.startsWith("__torch__.")) {
            // TorchScript classes: resolved from the archive's own code/ by torch.jit's unpickler, not imported
            return true;
        }
        if (mod.equals("torch")) return TORCH_DTYPES.contains(name)
                || (name.endsWith("Storage") || name.endsWith("Tensor")) && !name.isEmpty() && Character.isUpperCase(name.charAt(0))
                && name.chars().allMatch(Character::isLetterOrDigit);
        if (mod.equals("torch._utils")) return TORCH_REBUILD.contains(name);
        if (mod.equals("torch.nn.modules") || mod.startsWith("torch.nn.modules.")) {
            return !name.isEmpty() && Character.isUpperCase(name.charAt(0)) && name.chars().allMatch(Character::isLetterOrDigit);
        }
        return false;
    }

    /** The denylist reason for a normalised dotted name, or null. */
    static String denied(String dotted) {
        String r = DENY_NAMES.get(dotted);
        if (r != null) return r;
        String probe = dotted;
        while (true) {
            r = DENY_MODULES.get(probe);
            if (r != null) return r;
            int dot = probe.lastIndexOf('.');
            if (dot < 0) return null;
            probe = probe.substring(0, dot);
        }
    }

    /** Callables that unpickle (or load a checkpoint from) their bytes argument. */
    static boolean isNestedLoader(String dotted) {
        String d = dotted.toLowerCase(Locale.ROOT);
        return d.equals("pickle.loads") || d.equals("pickle.load") || d.equals("pickle._loads") || d.equals("pickle._load")
                || d.equals("dill.loads") || d.equals("cloudpickle.loads") || d.equals("torch.load")
                || d.equals("torch.serialization.load") || d.equals("torch.storage._load_from_bytes")
                || d.equals("numpy.loads") || d.equals("joblib.load") || d.equals("pickle.unpickler");
    }
}
