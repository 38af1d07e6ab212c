package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.pickle.PicklePolicy.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PicklePolicyTest {

    @ParameterizedTest
    @CsvSource({
            "torch._utils, _rebuild_tensor_v2", "torch._utils, _rebuild_parameter", "torch, FloatStorage",
            "torch, BFloat16Storage", "torch, device", "torch, Size", "torch, float16", "collections, OrderedDict",
            "numpy.core.multiarray, _reconstruct", "numpy, ndarray", "numpy, dtype", "numpy.core.multiarray, scalar",
            "_codecs, encode", "__builtin__, set", "builtins, frozenset", "builtins, complex", "builtins, slice",
            "builtins, bytearray", "copy_reg, _reconstructor", "torch.nn.modules.linear, Linear",
            "joblib.numpy_pickle, NumpyArrayWrapper", "__torch__.torch.nn.modules.linear, Linear"})
    void allowsWhatRealCheckpointsNeed(String module, String name) {
        assertEquals(Level.ALLOW, PicklePolicy.judge(module, name).level());
    }

    @ParameterizedTest
    @CsvSource({
            "posix, system, os.system", "nt, system, os.system", "__builtin__, eval, builtins.eval",
            "_pickle, loads, pickle.loads", "cPickle, loads, pickle.loads", "_operator, attrgetter, operator.attrgetter",
            "_io, open, io.open", "copy_reg, add_extension, copyreg.add_extension"})
    void normalisesAliasesBeforeTheDenylist(String module, String name, String dotted) {
        PicklePolicy.Verdict v = PicklePolicy.judge(module, name);
        assertEquals(dotted, v.dotted());
        assertEquals(Level.DENY, v.level());
    }

    @ParameterizedTest
    @CsvSource({"asyncio.unix_events, _UnixSubprocessTransport", "pip._internal.cli.main, main",
            "numpy.f2py.f2py2e, run_main", "idlelib.pyshell, main", "uuid, _get_command_stdout", "torch, load",
            "numpy, load", "ctypes, CDLL", "builtins, __import__"})
    void matchesTheDenylistByModulePrefix(String module, String name) {
        assertEquals(Level.DENY, PicklePolicy.judge(module, name).level());
    }

    @Test
    void deniesEveryDunderComponent() {
        assertEquals(Level.DENY, PicklePolicy.judge("torch", "__dict__").level());
        assertEquals(Level.DENY, PicklePolicy.judge("mypkg.__init__", "x").level());
        assertEquals(Level.DENY, PicklePolicy.judge("numpy", "core.__builtins__").level());
    }

    @Test
    void deniesAttributeWalksToDeniedModules() {
        PicklePolicy.Verdict v = PicklePolicy.judge("torch", "serialization.pickle.loads");
        assertEquals(Level.DENY, v.level());
        assertEquals(Level.DENY, PicklePolicy.judge("numpy", "testing.os.system").level());
    }

    @Test
    void gradesKnownLibrariesBelowUnknownCode() {
        assertEquals(Level.LIBRARY, PicklePolicy.judge("sklearn.linear_model._logistic", "LogisticRegression").level());
        assertEquals(Level.UNKNOWN, PicklePolicy.judge("mypkg.models", "Net").level());
        assertEquals(Level.UNKNOWN, PicklePolicy.judge("builtins", "print").level());
        assertEquals(Level.ALLOW, PicklePolicy.judge("uuid", "UUID").level());
    }
}
