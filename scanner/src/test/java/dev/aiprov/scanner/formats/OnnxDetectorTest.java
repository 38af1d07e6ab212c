package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static dev.aiprov.scanner.formats.FormatFixtures.assertClean;
import static dev.aiprov.scanner.formats.FormatFixtures.assertUnjudgedWith;
import static dev.aiprov.scanner.formats.FormatFixtures.bytes;
import static dev.aiprov.scanner.formats.FormatFixtures.only;
import static dev.aiprov.scanner.formats.FormatFixtures.scan;
import static dev.aiprov.scanner.formats.FormatFixtures.scanBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxDetectorTest {

    @Test
    void benignModelIsClean() {
        assertClean(scan("onnx/benign_add.onnx"), "onnx");
    }

    @Test
    void flagsExternalDataTraversal() {
        Finding f = only(scan("onnx/external_traversal.onnx"), "ONNX_EXTERNAL_DATA_PATH_TRAVERSAL");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("tensor=w location=../../etc/passwd", f.evidence());
        assertEquals("graph", f.location().member());
    }

    @Test
    void flagsExternalDataAbsolutePath() {
        Finding f = only(scan("onnx/external_absolute.onnx"), "ONNX_EXTERNAL_DATA_ABSOLUTE_PATH");
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.evidence().endsWith("location=/etc/passwd"));
    }

    @Test
    void sidecarExternalDataIsOnlyInformational() {
        FileResult r = scan("onnx/external_sidecar.onnx");
        assertClean(r, "onnx");
        assertEquals("tensor=w location=model.onnx_data", only(r, "ONNX_EXTERNAL_DATA").evidence());
    }

    @Test
    void flagsCustomOperatorDomain() {
        Finding f = only(scan("onnx/custom_domain.onnx"), "ONNX_CUSTOM_OP_DOMAIN");
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals("domain=evil.ops op=Steal node=steal", f.evidence());
    }

    @Test
    void flagsTraversalHiddenInAnIfSubgraph() {
        Finding f = only(scan("onnx/subgraph_external.onnx"), "ONNX_EXTERNAL_DATA_PATH_TRAVERSAL");
        assertEquals("graph/if", f.location().member());
        assertTrue(f.evidence().contains("../../../home/user/.ssh/id_rsa"));
    }

    @Test
    void truncatedModelIsUnjudged() {
        byte[] b = bytes("onnx/subgraph_external.onnx");
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 20);
        assertUnjudgedWith(scanBytes("m.onnx", cut), "ONNX_TRUNCATED", "ONNX_MALFORMED");
    }

    @Test
    void skipsRawTensorDataWithoutReadingIt() {
        // ModelProto{ir_version=8, producer_name="t", graph{initializer{name="big", raw_data=<8 MiB>}}}
        int raw = 8 << 20;
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        field(tensor, 8, "big".getBytes(StandardCharsets.UTF_8));
        tensor.write(9 << 3 | 2);
        varint(tensor, raw);
        tensor.writeBytes(new byte[raw]);
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        field(graph, 5, tensor.toByteArray());
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        model.write(1 << 3);
        model.write(8);
        field(model, 2, "t".getBytes(StandardCharsets.UTF_8));
        field(model, 7, graph.toByteArray());
        FileResult r = scanBytes("big.onnx", model.toByteArray());
        assertNull(r.error(), FormatFixtures.describe(r));
        assertEquals("onnx", r.format());
        assertTrue(r.bytesRead() < 64 * 1024, "read " + r.bytesRead());
    }

    @Test
    void doesNotClaimSavedModelOrText() {
        byte[] pb = bytes("savedmodel/pyfunc/saved_model.pb");
        OnnxDetector d = new OnnxDetector();
        assertFalse(d.accepts(new Probe("saved_model.pb", pb.length, pb, pb)));
        assertFalse(d.accepts(new Probe("a.pb", pb.length, pb, pb)));
        byte[] txt = "hello world".getBytes(StandardCharsets.UTF_8);
        assertFalse(d.accepts(new Probe("a.onnx", txt.length, txt, txt)));
        byte[] onnx = bytes("onnx/benign_add.onnx");
        assertTrue(d.accepts(new Probe("renamed.bin", onnx.length, onnx, onnx)));
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] payload) {
        out.write(number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
