package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.bench.Corpus;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static dev.aiprov.scanner.pickle.FixtureScan.bytes;
import static dev.aiprov.scanner.pickle.FixtureScan.require;
import static dev.aiprov.scanner.pickle.FixtureScan.scan;
import static dev.aiprov.scanner.pickle.FixtureScan.scanBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 7z, tar, compressed wrappers and plain data formats. */
class ContainersTest {

    private static FileResult member(List<FileResult> r, String suffix) {
        return r.stream().filter(x -> x.path().endsWith("!" + suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no member " + suffix + " in " + r));
    }

    private static byte[] sevenZip(Path dir, String[] names, byte[][] contents) throws IOException {
        Path p = dir.resolve("packed.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(p.toFile())) {
            for (int i = 0; i < names.length; i++) {
                SevenZArchiveEntry e = new SevenZArchiveEntry();
                e.setName(names[i]);
                e.setSize(contents[i].length);
                out.putArchiveEntry(e);
                out.write(contents[i]);
                out.closeArchiveEntry();
            }
        }
        return Files.readAllBytes(p);
    }

    @Test
    void scansTheCheckpointInsideA7zPackage(@TempDir Path dir) throws IOException {
        byte[] z = sevenZip(dir, new String[]{"model.pt", "archive/data.pkl"},
                new byte[][]{bytes("malicious/torch_zip_payload.pt"), bytes("malicious/reduce_os_system.pkl")});
        List<FileResult> r = scanBytes("model.7z", z);
        assertEquals("7z", r.get(0).format());
        FileResult pt = member(r, "model.pt");
        assertEquals("pytorch", pt.format());
        assertEquals("archive/data.pkl", require(List.of(pt), "PICKLE_CALL_CRITICAL", "os.system").location().member());
        assertEquals(Severity.CRITICAL, member(r, "archive/data.pkl").worst());
    }

    @Test
    void reportsABroken7zAsUnjudgedNeverClean(@TempDir Path dir) throws IOException {
        byte[] z = sevenZip(dir, new String[]{"data.pkl"}, new byte[][]{bytes("malicious/reduce_os_system.pkl")});
        byte[] cut = java.util.Arrays.copyOf(z, z.length - 40);
        List<FileResult> r = scanBytes("broken.7z", cut);
        assertFalse(r.get(0).judged());
        assertFalse(r.get(0).findings().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"payload.pkl.gz, gzip", "payload.pkl.bz2, bzip2", "payload.pkl.xz, xz", "payload.pkl.lzma, lzma",
            "payload.pkl.zlib, zlib"})
    void scansAPickleInsideACompressedWrapper(String file, String format) {
        List<FileResult> r = scan("malicious/" + file);
        assertEquals(format, r.get(0).format());
        assertEquals(format + "-content", require(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
        assertTrue(r.get(0).judged());
    }

    @Test
    void keepsWhatATruncatedGzipHeldBeforeTheBreak() throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(bytes("malicious/reduce_os_system.pkl"));
            gz.write(noise);
        }
        byte[] full = bos.toByteArray();
        List<FileResult> r = scanBytes("model.pkl.gz", java.util.Arrays.copyOf(full, full.length / 2));
        require(r, "PICKLE_CALL_CRITICAL", "os.system");
        require(r, "COMPRESSED_STREAM_BROKEN", null);
        assertFalse(r.get(0).judged());
    }

    @Test
    void scansTheStreamsOfALegacyTorchTar() {
        List<FileResult> r = scan("malicious/legacy_tar_payload.pt");
        assertEquals("pytorch", r.get(0).format());
        assertEquals("pickle", require(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
    }

    @Test
    void walksEveryStoragePickleOfALegacyTorchTar() {
        List<FileResult> r = scan("malicious/legacy_tar_payload_in_second_storage.pt");
        Finding f = require(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals("storages", f.location().member());
        assertTrue(f.location().offset() > 60, "found past the first storage's raw bytes: " + f.location());
        assertTrue(r.get(0).judged());
    }

    @Test
    void scansGenericTarMembersAndFlagsPathTraversal() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            byte[] evil = Corpus.reducePickle("runpy", "run_path");
            TarArchiveEntry e = new TarArchiveEntry("../../home/user/.cache/model.bin");
            e.setSize(evil.length);
            tar.putArchiveEntry(e);
            tar.write(evil);
            tar.closeArchiveEntry();
        }
        List<FileResult> r = scanBytes("bundle.tar", bos.toByteArray());
        assertEquals("tar", r.get(0).format());
        Finding t = require(r, "ARCHIVE_PATH_TRAVERSAL", "../../home/user/.cache/model.bin");
        assertEquals(Severity.MEDIUM, t.severity());
        assertEquals(Severity.CRITICAL, member(r, "../../home/user/.cache/model.bin").worst());
    }

    @Test
    void judgesKerasArchiveMembersByContent() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bos)) {
            for (String[] m : new String[][]{{"config.json", "{\"class_name\": \"Sequential\"}"},
                    {"metadata.json", "{\"keras_version\": \"3.0.0\"}"}}) {
                z.putNextEntry(new java.util.zip.ZipEntry(m[0]));
                z.write(m[1].getBytes());
                z.closeEntry();
            }
            z.putNextEntry(new java.util.zip.ZipEntry("assets/tokenizer.pkl"));
            z.write(Corpus.reducePickle("os", "system"));
            z.closeEntry();
        }
        List<FileResult> r = scanBytes("model.keras", bos.toByteArray());
        assertEquals("keras", r.get(0).format());
        assertEquals(1, r.size(), "keras members are parts of one model, not files of their own");
        assertEquals("assets/tokenizer.pkl", require(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
    }

    @Test
    void truncatedNpyDataIsAFinding() {
        byte[] npy = Corpus.npy(100);
        List<FileResult> r = scanBytes("a.npy", java.util.Arrays.copyOf(npy, npy.length - 8));
        assertEquals(Severity.MEDIUM, require(r, "NPY_DATA_TRUNCATED", null).severity());
    }

    @Test
    void malformedNpyHeaderIsNeverClean() {
        byte[] npy = Corpus.npy(4);
        npy[10] = '#'; // the header dict no longer starts with '{'
        List<FileResult> r = scanBytes("a.npy", npy);
        require(r, "NPY_MALFORMED", null);
        assertFalse(r.get(0).judged());
    }

    @Test
    void labelsKnownDataFormatsWithoutFindings() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        List<FileResult> r = scanBytes("cat.png", png);
        assertEquals("png", r.get(0).format());
        assertTrue(r.get(0).judged());
        assertEquals(List.of(), r.get(0).findings());
        byte[] parquet = "PAR1xxxxxxxxPAR1".getBytes();
        assertEquals("parquet", scanBytes("t.parquet", parquet).get(0).format());
    }

    @Test
    void leavesUnknownBinaryUnsupported() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, (byte) 0xfe, (byte) 0xfd};
        List<FileResult> r = scanBytes("blob.dat", junk);
        require(r, "UNSUPPORTED_FORMAT", null);
        assertFalse(r.get(0).judged());
    }
}
