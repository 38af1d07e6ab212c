package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static dev.aiprov.scanner.formats.FormatFixtures.assertClean;
import static dev.aiprov.scanner.formats.FormatFixtures.assertFinding;
import static dev.aiprov.scanner.formats.FormatFixtures.assertUnjudgedWith;
import static dev.aiprov.scanner.formats.FormatFixtures.bytes;
import static dev.aiprov.scanner.formats.FormatFixtures.only;
import static dev.aiprov.scanner.formats.FormatFixtures.scan;
import static dev.aiprov.scanner.formats.FormatFixtures.scanBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasDetectorTest {

    @Test
    void benignDenseH5IsCleanAndNamedKerasH5() {
        assertClean(scan("keras/benign_dense.h5"), "keras-h5");
    }

    @Test
    void flagsLambdaBytecodeInH5ModelConfig() {
        FileResult r = scan("keras/lambda_bytecode.h5");
        Finding f = only(r, "KERAS_LAMBDA_BYTECODE");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("model_config", f.location().member());
        assertTrue(f.evidence().startsWith("$.config.layers[2]"), f.evidence());
        assertEquals("keras-h5", r.format());
    }

    @Test
    void flagsOsSystemActivationInH5() {
        Finding f = only(scan("keras/os_system_activation.h5"), "KERAS_UNSAFE_MODULE");
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.evidence().endsWith("os.system"), f.evidence());
        assertEquals("model_config", f.location().member());
    }

    @Test
    void truncatedH5IsAFindingNotACrash() {
        assertUnjudgedWith(scan("keras/truncated.h5"), "HDF5_MALFORMED", "HDF5_TRUNCATED");
    }

    @Test
    void badSuperblockIsAFindingNotACrash() {
        assertUnjudgedWith(scan("keras/bad_superblock.h5"), "HDF5_MALFORMED", "HDF5_TRUNCATED");
    }

    private static Limits memberCap(long cap) {
        Limits l = Limits.defaults();
        return new Limits(l.maxFileBytes(), cap, l.maxExpandedBytes(), l.maxArchiveDepth(),
                l.maxArchiveEntries(), l.maxStringBytes(), l.maxPickleOps(), l.timePerFile(), l.maxTextBytes());
    }

    @Test
    void h5WhoseMetadataLiesBeyondTheReadPrefixIsReportedAsALimit() {
        FileResult r = scanBytes("model.h5", bytes("keras/lambda_bytecode.h5"), memberCap(4096));
        assertUnjudgedWith(r, "SCAN_LIMIT_EXCEEDED");
        assertTrue(r.bytesRead() <= 3 * Probe.HEAD_BYTES, "read " + r.bytesRead());
    }

    @Test
    void h5AboveTheCapIsJudgedFromItsPrefixWhenTheConfigIsThere() {
        byte[] file = bytes("keras/lambda_bytecode.h5");
        FileResult r = scanBytes("model.h5", file, memberCap(10_000));
        assertEquals(Severity.CRITICAL, only(r, "KERAS_LAMBDA_BYTECODE").severity());
        assertTrue(r.judged());
    }

    @Test
    void benignKeras3ConfigJsonIsClean() {
        assertClean(scan("keras/config_benign.json"), "keras-v3-config");
    }

    @Test
    void flagsModuleOsSystemInConfigJsonWithItsLine() {
        Finding f = only(scan("keras/config_os_system.json"), "KERAS_UNSAFE_MODULE");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("os.system", f.evidence().substring(f.evidence().lastIndexOf(' ') + 1));
        assertTrue(f.location().line() > 20, "line " + f.location().line());
    }

    @Test
    void flagsTfsmLayerWithItsPath() {
        Finding f = only(scan("keras/config_tfsm.json"), "KERAS_TFSM_LAYER");
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.evidence().contains("filepath=/tmp/attacker_savedmodel"), f.evidence());
    }

    @Test
    void flagsCustomObjectAsMedium() {
        FileResult r = scan("keras/config_custom.json");
        Finding f = only(r, "KERAS_CUSTOM_OBJECT");
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.evidence().contains("my_package.layers.MyAttention"), f.evidence());
        assertEquals(Severity.MEDIUM, r.worst());
    }

    @Test
    void flagsKeras3LambdaOnceAsBytecode() {
        FileResult r = scan("keras/config_lambda.json");
        only(r, "KERAS_LAMBDA_BYTECODE");
        assertTrue(r.findings().stream().noneMatch(f -> f.rule().equals("KERAS_LAMBDA_LAYER")));
    }

    @Test
    void flagsLambdaReferencingANamedFunctionAsHigh() {
        String cfg = """
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Lambda", "config": {"function": "my_fn", "function_type": "function",
                   "module": "__main__"}}]}}""";
        FileResult r = scanBytes("config.json", cfg.getBytes(StandardCharsets.UTF_8));
        assertFinding(r, "KERAS_LAMBDA_LAYER", Severity.HIGH);
    }

    @Test
    void flagsDottedClassNameIntoBuiltins() {
        String cfg = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"builtins.exec\","
                + " \"config\": {}}]}}";
        assertFinding(scanBytes("config.json", cfg.getBytes(StandardCharsets.UTF_8)), "KERAS_UNSAFE_MODULE",
                Severity.CRITICAL);
    }

    @Test
    void malformedConfigJsonIsUnjudged() {
        FileResult r = scanBytes("config.json", "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [".getBytes(
                StandardCharsets.UTF_8));
        assertUnjudgedWith(r, "KERAS_CONFIG_MALFORMED");
    }

    @Test
    void deeplyNestedConfigIsALimitNotAStackOverflow() {
        String deep = "{\"class_name\": \"X\", \"config\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertUnjudgedWith(scanBytes("config.json", deep.getBytes(StandardCharsets.UTF_8)), "SCAN_LIMIT_EXCEEDED");
    }

    @Test
    void huggingFaceConfigJsonIsNotKeras() {
        String hf = "{\"architectures\": [\"BertModel\"], \"model_type\": \"bert\", \"quantization_config\":"
                + " {\"class_name\": \"x\"}, \"hidden_size\": 768}";
        Probe p = new Probe("config.json", hf.length(), hf.getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertFalse(new KerasConfigDetector().accepts(p));
        String diffusers = "{\"_class_name\": \"UNet2DConditionModel\", \"config\": {}}";
        assertFalse(new KerasConfigDetector().accepts(new Probe("config.json", 1,
                diffusers.getBytes(StandardCharsets.UTF_8), new byte[0])));
    }

    /** Stands in for the zip helper: hands config.json of a .keras zip to dispatch by content. */
    private static final class KerasZipStandIn extends AbstractDetector {
        @Override
        public String id() {
            return "keras-zip-stand-in";
        }

        @Override
        public boolean accepts(Probe probe) {
            return probe.startsWithAscii("PK");
        }

        @Override
        public void scan(ScanContext ctx, ByteSource source) throws IOException {
            try (ZipInputStream zin = new ZipInputStream(new java.io.ByteArrayInputStream(
                    source.readFully(0, (int) source.size())))) {
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    if (e.getName().equals("config.json")) {
                        ctx.format("keras");
                        ctx.scanEmbedded("config.json", new ByteArraySource(zin.readAllBytes()), null);
                    }
                }
            }
        }
    }

    @Test
    void kerasZipConfigIsDispatchedByContentToTheConfigDetector() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.8.0\", \"date_saved\": \"2025-01-01@00:00:00\"}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(bytes("keras/config_os_system.json"));
            z.putNextEntry(new ZipEntry("model.weights.h5"));
            z.write(bytes("keras/benign_dense.h5"));
        }
        Scanner s = new Scanner(new Limits(1L << 30, 1L << 28, 1L << 30, 4, 1000, 1 << 20, 1000, Duration.ofSeconds(30),
                1L << 20), List.of(new KerasZipStandIn(), new KerasConfigDetector(), new Hdf5Detector()));
        FileResult r = s.scan("model.keras", new ByteArraySource(zip.toByteArray()), null).get(0);
        Finding f = only(r, "KERAS_UNSAFE_MODULE");
        assertEquals("config.json", f.location().member());
        assertEquals(Severity.CRITICAL, f.severity());
    }
}
