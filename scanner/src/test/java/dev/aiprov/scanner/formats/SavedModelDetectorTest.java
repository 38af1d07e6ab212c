package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;

import static dev.aiprov.scanner.formats.FormatFixtures.assertClean;
import static dev.aiprov.scanner.formats.FormatFixtures.assertUnjudgedWith;
import static dev.aiprov.scanner.formats.FormatFixtures.bytes;
import static dev.aiprov.scanner.formats.FormatFixtures.only;
import static dev.aiprov.scanner.formats.FormatFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedModelDetectorTest {

    @Test
    void benignGraphWithSaverOpsIsClean() {
        assertClean(scan("savedmodel/benign/saved_model.pb"), "savedmodel");
    }

    @Test
    void flagsPyFuncAsCritical() {
        Finding f = only(scan("savedmodel/pyfunc/saved_model.pb"), "SAVEDMODEL_PYFUNC_OP");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("meta_graphs[0]/graph_def", f.location().member());
        assertTrue(f.evidence().startsWith("PyFunc node=py"), f.evidence());
        assertTrue(f.location().offset() > 0);
    }

    @Test
    void flagsReadFileOfAnAbsoluteConstantPathAsHigh() {
        Finding f = only(scan("savedmodel/readfile/saved_model.pb"), "SAVEDMODEL_FILE_READ_OP");
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.evidence().endsWith("path=/etc/passwd"), f.evidence());
    }

    @Test
    void flagsWriteFileInsideALibraryFunction() {
        Finding f = only(scan("savedmodel/writefile_in_function/saved_model.pb"), "SAVEDMODEL_FILE_WRITE_OP");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("meta_graphs[0]/library/__inference_serve_42", f.location().member());
        assertTrue(f.evidence().contains("path=/root/.bashrc"), f.evidence());
    }

    @Test
    void flagsAssetPathEscapingTheModelDirectory() {
        Finding f = only(scan("savedmodel/asset_escape/saved_model.pb"), "SAVEDMODEL_ASSET_PATH_ESCAPE");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("../../../etc/shadow", f.evidence());
    }

    @Test
    void truncatedSavedModelIsUnjudgedAndKeepsNothingSilent() {
        FileResult r = scan("savedmodel/truncated/saved_model.pb");
        assertUnjudgedWith(r, "SAVEDMODEL_TRUNCATED", "SAVEDMODEL_MALFORMED");
    }

    @Test
    void acceptsOnlyTheSavedModelNameWithAProtobufShape() {
        byte[] pb = bytes("savedmodel/pyfunc/saved_model.pb");
        SavedModelDetector d = new SavedModelDetector();
        assertTrue(d.accepts(new Probe("x/saved_model.pb", pb.length, pb, pb)));
        assertFalse(d.accepts(new Probe("x/graph.pb", pb.length, pb, pb)));
        byte[] json = "{\"a\": 1}".getBytes();
        assertFalse(d.accepts(new Probe("x/saved_model.pb", json.length, json, json)));
    }
}
