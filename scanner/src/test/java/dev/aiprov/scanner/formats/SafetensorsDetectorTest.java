package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;

import static dev.aiprov.scanner.formats.FormatFixtures.assertClean;
import static dev.aiprov.scanner.formats.FormatFixtures.assertFinding;
import static dev.aiprov.scanner.formats.FormatFixtures.bytes;
import static dev.aiprov.scanner.formats.FormatFixtures.only;
import static dev.aiprov.scanner.formats.FormatFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsDetectorTest {

    @Test
    void benignFileIsClean() {
        assertClean(scan("safetensors/benign.safetensors"), "safetensors");
    }

    @Test
    void flagsAbsurdHeaderLengthWithoutAllocatingIt() {
        FileResult r = scan("safetensors/header_too_large.safetensors");
        Finding f = only(r, "SAFETENSORS_HEADER_TOO_LARGE");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("1099511627776", f.evidence());
        assertEquals(0, f.location().offset());
    }

    @Test
    void flagsHeaderLengthBeyondTheFile() {
        assertFinding(scan("safetensors/header_beyond_file.safetensors"), "SAFETENSORS_HEADER_BEYOND_FILE", Severity.HIGH);
    }

    @Test
    void flagsInvalidJson() {
        assertFinding(scan("safetensors/invalid_json.safetensors"), "SAFETENSORS_INVALID_JSON", Severity.HIGH);
    }

    @Test
    void flagsOffsetsOutOfBounds() {
        Finding f = only(scan("safetensors/offsets_out_of_bounds.safetensors"), "SAFETENSORS_OFFSETS_OUT_OF_BOUNDS");
        assertEquals("b [24,4096)", f.evidence());
    }

    @Test
    void flagsOverlappingTensors() {
        Finding f = only(scan("safetensors/overlapping.safetensors"), "SAFETENSORS_OVERLAPPING_TENSORS");
        assertTrue(f.evidence().startsWith("b [16,24)"), f.evidence());
    }

    @Test
    void flagsSizeNotMatchingDtypeTimesShape() {
        Finding f = only(scan("safetensors/size_mismatch.safetensors"), "SAFETENSORS_SIZE_MISMATCH");
        assertEquals("a F32 expects 16 bytes, offsets span 24", f.evidence());
    }

    @Test
    void flagsShapeProductOverflow() {
        Finding f = only(scan("safetensors/shape_overflow.safetensors"), "SAFETENSORS_SIZE_MISMATCH");
        assertTrue(f.evidence().contains("overflowing"), f.evidence());
    }

    @Test
    void flagsHoleBetweenTensors() {
        FileResult r = scan("safetensors/hole.safetensors");
        assertEquals(Severity.MEDIUM, only(r, "SAFETENSORS_DATA_HOLE").severity());
    }

    @Test
    void flagsPickleHiddenAfterTheLastTensorAndScansIt() {
        FileResult r = scan("safetensors/trailing_pickle.safetensors");
        Finding f = only(r, "SAFETENSORS_TRAILING_DATA");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("a pickle", f.evidence());
        long end = bytes("safetensors/benign.safetensors").length;
        assertEquals(end, f.location().offset());
        assertTrue(r.findings().stream().anyMatch(x -> x.location().member().equals("trailing@" + end)),
                FormatFixtures.describe(r));
    }

    @Test
    void flagsNonStringMetadata() {
        assertFinding(scan("safetensors/bad_metadata.safetensors"), "SAFETENSORS_BAD_METADATA", Severity.MEDIUM);
    }

    @Test
    void flagsDuplicateTensorName() {
        assertEquals("$.a", only(scan("safetensors/duplicate_key.safetensors"), "SAFETENSORS_DUPLICATE_KEY").evidence());
    }

    @Test
    void flagsUnknownDtype() {
        Finding f = only(scan("safetensors/bad_dtype.safetensors"), "SAFETENSORS_BAD_TENSOR_ENTRY");
        assertEquals("a dtype=PYOBJ", f.evidence());
    }

    @Test
    void doesNotClaimAPickleNamedSafetensors() {
        byte[] pkl = {(byte) 0x80, 2, 'K', 1, '.'};
        assertFalse(new SafetensorsDetector().accepts(new Probe("model.safetensors", 5, pkl, pkl)));
        byte[] st = bytes("safetensors/benign.safetensors");
        assertTrue(new SafetensorsDetector().accepts(new Probe("noext", st.length, st, st)));
    }
}
