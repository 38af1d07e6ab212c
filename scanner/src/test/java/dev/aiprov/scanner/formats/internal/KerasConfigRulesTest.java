package dev.aiprov.scanner.formats.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasConfigRulesTest {

    @Test
    void normalisesModuleAliasesBeforeTheDenylist() {
        assertTrue(KerasConfigRules.dangerousModule("posix"));
        assertTrue(KerasConfigRules.dangerousModule("nt"));
        assertTrue(KerasConfigRules.dangerousModule("__builtin__"));
        assertTrue(KerasConfigRules.dangerousModule("_pickle"));
        assertTrue(KerasConfigRules.dangerousModule("importlib.util"));
        assertTrue(KerasConfigRules.dangerousModule("asyncio.unix_events"));
        assertFalse(KerasConfigRules.dangerousModule("keras.layers"));
        assertFalse(KerasConfigRules.dangerousModule("my_package.layers"));
    }

    @Test
    void keepsKerasAndTensorflowModulesSafeButNotLookalikes() {
        assertTrue(KerasConfigRules.safeModule("keras.src.layers.core.dense"));
        assertTrue(KerasConfigRules.safeModule("tensorflow.python.keras"));
        assertFalse(KerasConfigRules.safeModule("kerasx"));
        assertFalse(KerasConfigRules.safeModule("keras_evil.layers"));
    }

    @Test
    void recognisesBase64MarshalledCode() {
        assertTrue(KerasConfigRules.isMarshalledCode("4wEAAAAAAAAAAAAAAAEAAAADAAAAQwAAAHMMAAAAdACgAWQBoQGgAqECUwA="));
        assertFalse(KerasConfigRules.isMarshalledCode("dense_1_kernel"));
        assertFalse(KerasConfigRules.isMarshalledCode("aGVsbG8gd29ybGQgaGVsbG8="));
    }
}
