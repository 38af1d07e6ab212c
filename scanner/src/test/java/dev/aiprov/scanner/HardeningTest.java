package dev.aiprov.scanner;

import dev.aiprov.scanner.io.ByteArraySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (and issue 18's probes, issue 11's archive links): hostile inputs generated inline, each
 * of which passed clean (or misfired) before. A hostile input must end at {@code high} or above, or
 * not judged; a benign one must stay below {@code high} and be judged.
 */
class HardeningTest {
    private static final Scanner SCANNER = Scanner.withDefaults();
    private static final byte[] OS_SYSTEM_P0 = ascii("cos\nsystem\n(S'echo pwned'\ntR");

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static List<FileResult> scan(String name, byte[] data) {
        return SCANNER.scan(name, new ByteArraySource(data), null);
    }

    static List<Finding> all(List<FileResult> r) {
        List<Finding> out = new ArrayList<>();
        for (FileResult f : r) out.addAll(f.findings());
        return out;
    }

    static Severity worst(List<FileResult> r) {
        Severity w = null;
        for (Finding f : all(r)) w = Severity.worst(w, f.severity());
        return w;
    }

    static void assertHigh(List<FileResult> r) {
        Severity w = worst(r);
        assertTrue(w != null && w.atLeast(Severity.HIGH), "expected high or above, got " + w + ": " + all(r));
    }

    static void assertNotClean(List<FileResult> r) {
        Severity w = worst(r);
        boolean unjudged = r.stream().anyMatch(f -> !f.judged());
        assertTrue(unjudged || w != null && w.atLeast(Severity.MEDIUM), "expected not clean: " + all(r));
    }

    static boolean has(List<FileResult> r, String rule) {
        return all(r).stream().anyMatch(f -> f.rule().equals(rule));
    }

    // ---- pickle: gadgets inside allowlisted modules ----

    @Test
    void dottedNameInsideAnAllowlistedModuleIsJudgedBeforeTheAllowlist() {
        // torch.jit._pickle + "__builtins__.get" walks to builtins.get: get('eval')('...')
        byte[] p = ascii("\u0080\u0004ctorch.jit._pickle\n__builtins__.get\n(S'eval'\ntR(S'print(1)'\ntR.");
        List<FileResult> r = scan("model.pkl", p);
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void ufuncReconstructIsJudgedByTheNamesItReceives() {
        byte[] p = ascii("cnumpy.core\n_ufunc_reconstruct\n(S'numpy.testing._private.utils'\nS'runstring'\ntR"
                + "(S'import os'\n(dtR.");
        List<FileResult> r = scan("model.pkl", p);
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void aResolvedCallablePassedToATrampolineIsACall() {
        // _rebuild_from_type_v2(func, new_type, args, state) calls func(*args): func = numpy.load by name
        byte[] p = ascii("\u0080\u0002ctorch._tensor\n_rebuild_from_type_v2\n(cnumpy.core\n_ufunc_reconstruct\n"
                + "(S'numpy'\nS'load'\ntRctorch\nTensor\n(S'evil.npy'\ntNtR.");
        assertHigh(scan("model.pkl", p));
    }

    @Test
    void aComputedCallableAsATrampolineFunctionIsHigh() {
        byte[] p = ascii("\u0080\u0002ccopyreg\n_reconstructor\n(ccollections\nOrderedDict\n(tRctorch\nTensor\nNtR.");
        assertHigh(scan("model.pkl", p));
    }

    @Test
    void aClassConstructedByNumpyReconstructIsACall() {
        // numpy.core.multiarray._reconstruct(subtype, shape, dtype) runs subtype.__new__
        byte[] p = ascii("\u0080\u0002cnumpy.core.multiarray\n_reconstruct\n(cevil_pkg.arrays\nEvilArray\n(K\u0000tS'b'\ntR.");
        assertHigh(scan("model.pkl", p));
    }

    // ---- pickle: truncated and broken streams ----

    @ParameterizedTest
    @ValueSource(strings = {"", "\u00ff", "junk after the payload\n", "\u00ff\u00fe garbage"})
    void aProtocol0PayloadThatBreaksAfterRunningIsAPickle(String tail) {
        List<FileResult> r = scan("notes.txt", cat(OS_SYSTEM_P0, ascii(tail)));
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
        assertTrue(has(r, "PICKLE_STREAM_BROKEN"), all(r).toString());
    }

    @Test
    void aPickleWithoutAProtocolHeaderIsRecognisedByItsOpcodes() {
        byte[] p = cat(new byte[]{(byte) 0x8c, 2}, ascii("os"), new byte[]{(byte) 0x8c, 6}, ascii("system"),
                new byte[]{(byte) 0x93, (byte) 0x8c, 2}, ascii("id"), new byte[]{(byte) 0x85}, ascii("R."));
        List<FileResult> r = scan("weights", p);
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void aPayloadAfterManyConcatenatedPicklesIsRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) out.writeBytes(ascii("\u0080\u0002K\u0001."));
        out.writeBytes(ascii("\u0080\u0002cos\nsystem\nX\u0002\u0000\u0000\u0000id\u0085R."));
        List<FileResult> r = scan("many.pkl", out.toByteArray());
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void aLaterPickleWithoutAProtocolHeaderIsStillAPickle() {
        byte[] second = cat(new byte[]{(byte) 0x8c, 2}, ascii("os"), new byte[]{(byte) 0x8c, 6}, ascii("system"),
                new byte[]{(byte) 0x93, (byte) 0x8c, 2}, ascii("id"), new byte[]{(byte) 0x85}, ascii("R."));
        List<FileResult> r = scan("two.pkl", cat(ascii("\u0080\u0002K\u0001."), second));
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void aFrameLongerThanTheFileIsMalformed() {
        byte[] p = cat(ascii("\u0080\u0004\u0095"), le(4096, 8), ascii("K\u0001."));
        assertNotClean(scan("model.pkl", p));
    }

    @Test
    void invalidUtf8InBinunicodeBreaksTheStream() {
        byte[] p = cat(ascii("\u0080\u0003X"), le(2, 4), new byte[]{(byte) 0xff, (byte) 0xfe}, ascii("."));
        assertNotClean(scan("model.pkl", p));
    }

    @Test
    void aDistInfoRecordIsTextNotAPickle() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            sb.append("cryptography/hazmat/module").append(i).append(".py,sha256=fuzFvExdOiakwYZBWfuCIBPufj3oJh5RKhmJOent,1234\n");
        }
        List<FileResult> r = scan("cryptography-38.0.4.dist-info/RECORD", ascii(sb.toString()));
        assertFalse(all(r).stream().anyMatch(f -> f.rule().startsWith("PICKLE_")), all(r).toString());
        assertNotEquals("pickle", r.get(0).format());
    }

    // ---- compressed wrappers ----

    @Test
    void aGzipStreamFollowedByJunkIsJudgedFromWhatDecompresses() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(cat(OS_SYSTEM_P0, ascii(".")));
        }
        List<FileResult> r = scan("model.pkl.gz", cat(gz.toByteArray(), ascii("this is not gzip at all")));
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    @Test
    void joblibLegacyZfilesAreDecompressed() {
        byte[] payload = cat(OS_SYSTEM_P0, ascii("."));
        Deflater d = new Deflater();
        d.setInput(payload);
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        String len = ("0x" + Integer.toHexString(payload.length));
        byte[] zf = cat(ascii("ZF" + len + " ".repeat(19 - len.length())), java.util.Arrays.copyOf(buf, n));
        List<FileResult> r = scan("model.joblib", zf);
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
    }

    // ---- zips detected from the tail ----

    static byte[] zip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                z.putNextEntry(new ZipEntry(names[i]));
                z.write(contents[i]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GIF89a", "\u0089PNG\r\n\u001a\n", "\u00ff\u00d8\u00ff\u00e0", "%PDF-1.7\n", "ID3\u0004",
            "# README\nsome text in front of the archive\n"})
    void aZipWithBytesInFrontIsScannedAsAZipAndFlagged(String head) throws IOException {
        byte[] z = zip(new String[]{"payload.pkl", "readme.txt"},
                new byte[][]{cat(OS_SYSTEM_P0, ascii(".")), ascii("hello")});
        byte[] prefix = cat(ascii(head), new byte[600]);
        List<FileResult> r = scan("model.keras", cat(prefix, z));
        assertEquals(Severity.CRITICAL, worst(r), all(r).toString());
        assertTrue(has(r, "ZIP_PREFIXED_DATA"), all(r).toString());
    }

    @Test
    void aKerasZipBehindAnImageIsAHighPolyglot() throws IOException {
        byte[] z = zip(new String[]{"config.json", "metadata.json", "model.weights.h5"},
                new byte[][]{ascii("{\"class_name\": \"Sequential\", \"config\": {}}"), ascii("{}"), new byte[8]});
        List<FileResult> r = scan("model.keras", cat(ascii("GIF89a"), new byte[2000], z));
        Finding f = all(r).stream().filter(x -> x.rule().equals("ZIP_PREFIXED_DATA")).findFirst().orElseThrow();
        assertEquals(Severity.HIGH, f.severity());
    }

    @Test
    void zipSymlinkMembersThatEscapeAreFlagged() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(ascii("/etc/passwd"));
            z.closeEntry();
        }
        byte[] b = out.toByteArray();
        // set the unix mode of the central directory record to a symlink (0120777)
        int cd = lastIndexOf(b, new byte[]{'P', 'K', 1, 2});
        b[cd + 5] = 3; // made by: unix
        ByteBuffer.wrap(b, cd + 38, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0120777 << 16);
        List<FileResult> r = scan("bundle.zip", b);
        assertTrue(has(r, "ARCHIVE_LINK_ESCAPE"), all(r).toString());
        assertHigh(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../../.ssh/authorized_keys", "a/../../x"})
    void tarLinksOutOfTheArchiveAreFlagged(String target) {
        byte[] tar = cat(tarHeader("link", '2', target, 0), tarHeader("hard", '1', target, 0), new byte[1024]);
        List<FileResult> r = scan("bundle.tar", tar);
        assertTrue(has(r, "ARCHIVE_LINK_ESCAPE"), all(r).toString());
        assertHigh(r);
    }

    @Test
    void tarLinksInsideTheArchiveAreNotHigh() {
        byte[] tar = cat(tarHeader("dir/link", '2', "../other", 0), new byte[1024]);
        List<FileResult> r = scan("bundle.tar", tar);
        assertFalse(has(r, "ARCHIVE_LINK_ESCAPE"), all(r).toString());
    }

    // ---- broken files are never clean ----

    @Test
    void npyWithJunkAfterTheHeaderDictIsMalformed() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk";
        assertNotClean(scan("x.npy", npy(dict, new byte[8])));
    }

    @Test
    void npyWithAnExtraHeaderKeyIsMalformed() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}";
        assertNotClean(scan("x.npy", npy(dict, new byte[8])));
    }

    @Test
    void npyHeaderCommentIsAccepted() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } # a comment";
        List<FileResult> r = scan("x.npy", npy(dict, new byte[8]));
        assertTrue(r.get(0).judged(), all(r).toString());
    }

    @Test
    void ggufWithATruncatedTensorInfoTableIsMalformed() {
        byte[] g = cat(ascii("GGUF"), le(3, 4), le(2, 8), le(0, 8), le(6, 8), ascii("tensor"), le(1, 4));
        assertNotClean(scan("model.gguf", cat(g, new byte[64])));
    }

    @Test
    void ggufWithATensorPastTheEndIsMalformed() {
        byte[] info = cat(le(1, 8), ascii("w"), le(1, 4), le(1024, 8), le(0, 4), le(0, 8)); // F32 x1024 at 0
        byte[] g = cat(ascii("GGUF"), le(3, 4), le(1, 8), le(0, 8), info);
        byte[] padded = cat(g, new byte[32 - g.length % 32], new byte[100]);
        assertNotClean(scan("model.gguf", padded));
    }

    @Test
    void aWellFormedGgufWithTensorsIsClean() {
        byte[] info = cat(le(1, 8), ascii("w"), le(1, 4), le(4, 8), le(0, 4), le(0, 8)); // F32 x4 at 0
        byte[] g = cat(ascii("GGUF"), le(3, 4), le(1, 8), le(0, 8), info);
        byte[] padded = cat(g, new byte[32 - g.length % 32], new byte[16]);
        List<FileResult> r = scan("model.gguf", padded);
        assertTrue(r.get(0).judged() && all(r).isEmpty(), all(r).toString());
    }

    // ---- probes that misfired on real source trees ----

    @Test
    void pythonTextWhoseFirstBytesLookLikeALengthIsNotSafetensors() {
        byte[] py = ascii("EMOJI = {\n    \"1st_place_medal\": \"\\U0001F947\",\n    \"2nd_place_medal\": \"x\",\n}\n");
        List<FileResult> r = scan("rich/_emoji_codes.py", py);
        assertFalse(all(r).stream().anyMatch(f -> f.rule().startsWith("SAFETENSORS_")), all(r).toString());
    }

    @Test
    void anEmptyFileIsJudgedEmpty() {
        List<FileResult> r = scan("py.typed", new byte[0]);
        assertTrue(r.get(0).judged(), all(r).toString());
        assertEquals("empty", r.get(0).format());
        assertTrue(all(r).isEmpty(), all(r).toString());
    }

    @Test
    void compiledPythonBesideItsSourceIsANoteElsewhereAFinding(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("mod.py");
        Files.writeString(src, "x = 1\n");
        Path cache = Files.createDirectories(dir.resolve("__pycache__")).resolve("mod.cpython-311.pyc");
        byte[] pyc = cat(new byte[]{(byte) 0xa7, 0x0d, 0x0d, 0x0a}, le(0, 4), le(0, 4), le(6, 4), new byte[]{(byte) 0xe3, 0, 0, 0});
        Files.write(cache, pyc);
        List<FileResult> beside = SCANNER.scanFile(cache, cache.toString());
        assertTrue(beside.get(0).judged(), all(beside).toString());
        assertEquals(Severity.INFO, worst(beside), all(beside).toString());
        Path loose = dir.resolve("model.pyc");
        Files.write(loose, pyc);
        List<FileResult> r = SCANNER.scanFile(loose, loose.toString());
        assertTrue(worst(r).atLeast(Severity.MEDIUM), all(r).toString());
    }

    @Test
    void nativeExtensionsAreAFinding() {
        byte[] elf = cat(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, new byte[56]);
        List<FileResult> r = scan("space/helper.cpython-311-x86_64-linux-gnu.so", elf);
        assertTrue(r.get(0).judged());
        assertEquals(Severity.MEDIUM, worst(r), all(r).toString());
    }

    // ---- fewer false alarms ----

    @ParameterizedTest
    @ValueSource(strings = {"object_array.npy", "numpy_py2_np0_objarr.npy"})
    void objectArraysOfPlainValuesAreLow(String file) throws IOException {
        // numpy_py2_np0_objarr.npy is numpy's own test file (numpy/lib/tests/data/py2-np0-objarr.npy)
        Path p = Path.of("src/test/resources/fixtures/pickle/benign", file);
        List<FileResult> r = SCANNER.scanFile(p, file);
        assertTrue(r.get(0).judged(), all(r).toString());
        Finding f = all(r).stream().filter(x -> x.rule().equals("NPY_OBJECT_ARRAY")).findFirst().orElseThrow();
        assertEquals(Severity.LOW, f.severity(), all(r).toString());
        assertFalse(worst(r).atLeast(Severity.MEDIUM), all(r).toString());
    }

    @Test
    void anOnnxSidecarIsJudgedAsRawTensorBytesWithTheModelsBounds(@TempDir Path dir) throws IOException {
        // external_sidecar.onnx reads 8 bytes (offset 0, length 8) of model.onnx_data
        Files.copy(Path.of("src/test/resources/fixtures/formats/onnx/external_sidecar.onnx"), dir.resolve("model.onnx"));
        byte[] floats = new byte[8];
        for (int i = 0; i < 8; i += 4) ByteBuffer.wrap(floats, i, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.1f);
        Files.write(dir.resolve("model.onnx_data"), floats);
        List<FileResult> ok = SCANNER.scanPaths(List.of(dir), 1);
        FileResult data = ok.stream().filter(r -> r.path().endsWith("model.onnx_data")).findFirst().orElseThrow();
        assertTrue(data.judged(), data.toString());
        assertEquals("onnx-external-data", data.format());
        assertTrue(data.findings().isEmpty(), data.toString());

        Files.write(dir.resolve("model.onnx_data"), java.util.Arrays.copyOf(floats, 4));
        FileResult cut = SCANNER.scanPaths(List.of(dir), 1).stream().filter(r -> r.path().endsWith("model.onnx_data"))
                .findFirst().orElseThrow();
        assertEquals("ONNX_EXTERNAL_DATA_TRUNCATED", cut.findings().get(0).rule(), cut.toString());
    }

    @Test
    void aSidecarNoModelNamesStaysUnsupported(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("model.onnx_data"), new byte[]{(byte) 0xcd, (byte) 0xcc, (byte) 0x8c, 0x3f});
        FileResult r = SCANNER.scanPaths(List.of(dir), 1).get(0);
        assertFalse(r.judged(), r.toString());
    }

    // ---- helpers ----

    static byte[] npy(String dict, byte[] data) {
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        return cat(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, le(header.length(), 2), ascii(header), data);
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    static int lastIndexOf(byte[] b, byte[] pat) {
        outer:
        for (int i = b.length - pat.length; i >= 0; i--) {
            for (int j = 0; j < pat.length; j++) if (b[i + j] != pat[j]) continue outer;
            return i;
        }
        return -1;
    }

    static byte[] tarHeader(String name, char type, String link, int size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000777");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 157, link);
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte x : h) sum += x & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = ascii(s);
        System.arraycopy(b, 0, h, off, b.length);
    }

    @Test
    void helpersBuildValidInputs() {
        assertNotNull(npy("{}", new byte[0]));
    }
}
