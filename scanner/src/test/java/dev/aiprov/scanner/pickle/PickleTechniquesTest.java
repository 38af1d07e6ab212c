package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.aiprov.scanner.pickle.FixtureScan.all;
import static dev.aiprov.scanner.pickle.FixtureScan.find;
import static dev.aiprov.scanner.pickle.FixtureScan.require;
import static dev.aiprov.scanner.pickle.FixtureScan.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per technique of threats.md "Pickle and PyTorch", on generated fixtures. */
class PickleTechniquesTest {

    private static Finding critical(List<FileResult> r, String rule, String evidence) {
        Finding f = require(r, rule, evidence);
        assertEquals(Severity.CRITICAL, f.severity(), f.toString());
        return f;
    }

    @Test
    void flagsGlobalOsSystemAtTheReduceOffset() {
        List<FileResult> r = scan("malicious/reduce_os_system.pkl");
        Finding f = critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals(38, f.location().offset());
        assertEquals("pickle", r.get(0).format());
        assertNull(r.get(0).error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reduce_os_system_proto0.pkl", "reduce_os_system_proto4.pkl"})
    void flagsOsSystemInEveryProtocol(String file) {
        critical(scan("malicious/" + file), "PICKLE_CALL_CRITICAL", "os.system");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch_model.bin", "model.safetensors", "notes.txt", "noextension", "weights.ckpt"})
    void findsARawPickleWhateverItsExtensionClaims(String lie) {
        List<FileResult> r = scan("malicious/extension_lie_" + lie);
        assertEquals("pickle", r.get(0).format());
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
    }

    @Test
    void resolvesStackGlobalNamesFetchedFromTheMemo() {
        Finding f = critical(scan("malicious/stack_global_via_memo.pkl"), "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals(29, f.location().offset());
    }

    @Test
    void followsAMemoValueReplacedBetweenPutAndUse() {
        List<FileResult> r = scan("malicious/memo_replaced_before_use.pkl");
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertTrue(all(r).stream().noneMatch(f -> f.evidence().startsWith("numpy")));
    }

    @Test
    void flagsStackGlobalWithComputedOperandsAsCritical() {
        Finding f = critical(scan("malicious/stack_global_dynamic.pkl"), "PICKLE_STACK_GLOBAL_DYNAMIC", null);
        assertEquals(30, f.location().offset());
    }

    @Test
    void scansThePickleNestedInPickleLoadsBytes() {
        List<FileResult> r = scan("malicious/nested_loads_binbytes.pkl");
        Finding outer = critical(r, "PICKLE_NESTED_LOADS", "pickle.loads");
        Finding inner = critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals("nested@" + outer.location().offset(), inner.location().member());
    }

    @Test
    void scansANestedPickleSpelledAsCodecsEncodeInProtocol2() {
        List<FileResult> r = scan("malicious/nested_loads_codecs_proto2.pkl");
        critical(r, "PICKLE_NESTED_LOADS", "pickle.loads");
        assertTrue(require(r, "PICKLE_CALL_CRITICAL", "os.system").location().member().startsWith("nested@"));
    }

    @Test
    void keepsThePayloadSeenBeforeABrokenStream() {
        List<FileResult> r = scan("malicious/broken_after_payload.pkl");
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals(41, require(r, Rule.PICKLE_STREAM_BROKEN.id(), null).location().offset());
        assertNotNull(r.get(0).error(), "a broken stream is never judged clean");
    }

    @Test
    void keepsThePayloadSeenBeforeATruncation() {
        List<FileResult> r = scan("malicious/truncated_after_payload.pkl");
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        require(r, Rule.PICKLE_STREAM_BROKEN.id(), null);
        assertFalse(r.get(0).judged());
    }

    @Test
    void flagsADunderComponentReachedThroughNumpy() {
        critical(scan("malicious/dunder_builtins_via_numpy.pkl"), "PICKLE_GLOBAL_DUNDER",
                "numpy.core.multiarray.__builtins__.eval");
    }

    @Test
    void flagsTheSubclassesIntrospectionChain() {
        critical(scan("malicious/dunder_subclasses_chain.pkl"), "PICKLE_GLOBAL_DUNDER", "builtins.object.__subclasses__");
    }

    @Test
    void flagsAnAttributeWalkFromNumpyToOsSystem() {
        Finding f = critical(scan("malicious/attribute_walk_numpy_testing_os.pkl"), "PICKLE_CALL_CRITICAL",
                "numpy.testing._private.utils.os.system");
        assertTrue(f.message().contains("os.system"), f.message());
    }

    @Test
    void flagsACallWhoseResultIsPoppedAndDiscarded() {
        Finding f = critical(scan("malicious/discarded_call_result.pkl"), "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals(18, f.location().offset());
    }

    @Test
    void flagsThePayloadBeforeAnExceptionGadget() {
        List<FileResult> r = scan("malicious/exception_after_payload.pkl");
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals(23, require(r, "PICKLE_CALL_INVALID", null).location().offset());
    }

    @Test
    void flagsInstAndObjSpellingsOfACall() {
        Finding inst = critical(scan("malicious/inst_subprocess_proto0.pkl"), "PICKLE_CALL_CRITICAL", "subprocess.check_output");
        assertEquals(7, inst.location().offset());
        critical(scan("malicious/obj_subprocess_popen.pkl"), "PICKLE_CALL_CRITICAL", "subprocess.Popen");
    }

    @Test
    void flagsAnExtensionCodeNobodyRegistered() {
        Finding f = require(scan("malicious/ext_code_unregistered.pkl"), "PICKLE_EXT_UNREGISTERED", "ext:165");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(2, f.location().offset());
    }

    @Test
    void flagsBuildWritingIntoAnImportedClass() {
        critical(scan("malicious/build_on_imported_global.pkl"), "PICKLE_GLOBAL_MUTATION", "collections.OrderedDict");
    }

    @Test
    void gradesAnUnknownClassMediumWhenImportedAndHighWhenInvoked() {
        assertEquals(Severity.MEDIUM, require(scan("malicious/unknown_class_imported_only.pkl"), "PICKLE_GLOBAL_UNKNOWN",
                "mypkg.models.Net").severity());
        assertEquals(Severity.HIGH, require(scan("malicious/unknown_class_invoked.pkl"), "PICKLE_CALL_UNKNOWN",
                "mypkg.models.Net").severity());
        assertEquals(Severity.HIGH, require(scan("malicious/newobj_ex_unknown_class.pkl"), "PICKLE_CALL_UNKNOWN",
                "evilpkg.payload.Loader").severity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy_torch_payload_in_main.pt", "legacy_torch_payload_in_fifth.pt"})
    void scansEveryPickleOfALegacyTorchFile(String file) {
        List<FileResult> r = scan("malicious/" + file);
        assertEquals("pytorch", r.get(0).format());
        critical(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertNull(r.get(0).error());
    }

    @Test
    void scansAPayloadAfterJoblibInlineArrayBytes() {
        List<FileResult> r = scan("malicious/joblib_payload_after_array.joblib");
        assertEquals("joblib", r.get(0).format());
        assertTrue(critical(r, "PICKLE_CALL_CRITICAL", "os.system").location().offset() > 64 * 8,
                "the payload sits after the 512 raw array bytes, which were skipped");
        assertNull(r.get(0).error());
    }

    @Test
    void scansThePickleJoblibWritesForObjectArrays() {
        critical(scan("malicious/joblib_payload_in_object_array.joblib"), "PICKLE_CALL_CRITICAL", "os.system");
    }

    @Test
    void scansACompressedJoblibPayload() {
        List<FileResult> r = scan("malicious/joblib_payload_compressed.joblib.z");
        assertEquals("joblib", r.get(0).format());
        assertEquals("zlib-content", critical(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
    }

    @Test
    void scansTheObjectArrayPickleOfAnNpyFile() {
        List<FileResult> r = scan("malicious/object_array_payload.npy");
        assertEquals("array-data", critical(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
        assertEquals(Severity.MEDIUM, require(r, "NPY_OBJECT_ARRAY", null).severity());
    }

    @Test
    void scansNpyMembersOfAnNpz() {
        List<FileResult> r = scan("malicious/npz_object_payload.npz");
        assertEquals("npz", r.get(0).format());
        assertEquals("a.npy/array-data", critical(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
    }

    @Test
    void reportsEveryDistinctCallableOnce() {
        List<FileResult> r = scan("malicious/unknown_class_invoked.pkl");
        assertEquals(1, all(r).stream().filter(f -> f.rule().equals("PICKLE_CALL_UNKNOWN")).count());
        assertTrue(find(r, "PICKLE_GLOBAL_UNKNOWN").isEmpty(), "an invoked import is not reported twice");
    }
}
