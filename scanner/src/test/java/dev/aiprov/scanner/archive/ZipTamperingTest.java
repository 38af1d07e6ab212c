package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.bench.Corpus;
import dev.aiprov.scanner.io.FileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.aiprov.scanner.pickle.FixtureScan.SCANNER;
import static dev.aiprov.scanner.pickle.FixtureScan.all;
import static dev.aiprov.scanner.pickle.FixtureScan.bytes;
import static dev.aiprov.scanner.pickle.FixtureScan.require;
import static dev.aiprov.scanner.pickle.FixtureScan.scan;
import static dev.aiprov.scanner.pickle.FixtureScan.scanBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** threats.md item 2: every inconsistency is a finding, and the pickle member is scanned anyway. */
class ZipTamperingTest {

    private static void payloadScanned(List<FileResult> r) {
        Finding f = require(r, "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals("archive/data.pkl", f.location().member());
        assertEquals(38, f.location().offset());
        assertEquals("pytorch", r.get(0).format());
    }

    @Test
    void scansThePickleOfATorchZip() {
        payloadScanned(scan("malicious/torch_zip_payload.pt"));
    }

    @Test
    void flagsALocalHeaderNameThatDiffersFromTheDirectory() {
        List<FileResult> r = scan("malicious/zip_name_mismatch.pt");
        assertEquals(Severity.HIGH, require(r, "ZIP_NAME_MISMATCH", "archive/data.pkl").severity());
        payloadScanned(r);
    }

    @Test
    void flagsTheEncryptedBitAndScansThePlainBytes() {
        List<FileResult> r = scan("malicious/zip_encrypted_flag.pt");
        assertEquals(Severity.HIGH, require(r, "ZIP_ENCRYPTED_FLAG", "archive/data.pkl").severity());
        payloadScanned(r);
    }

    @Test
    void flagsABadCrcOnThePickleMember() {
        List<FileResult> r = scan("malicious/zip_bad_crc.pt");
        Finding f = require(r, "ZIP_CRC_MISMATCH", "archive/data.pkl");
        assertTrue(f.message().contains("deadbeef".substring(0, 0)) && f.message().contains("efbeadde"), f.message());
        payloadScanned(r);
    }

    @Test
    void flagsDuplicateNamesAndScansBothCopies() {
        List<FileResult> r = scan("malicious/zip_duplicate_names.pt");
        assertEquals(Severity.HIGH, require(r, "ZIP_DUPLICATE_NAME", "archive/data.pkl").severity());
        require(r, "PICKLE_CALL_CRITICAL", "os.system");
    }

    @Test
    void readsDataDescriptorMembersByTheDirectory() {
        List<FileResult> r = scan("malicious/zip_data_descriptor_deflated.pt");
        payloadScanned(r);
        assertEquals(Severity.LOW, require(r, "ZIP_UNUSUAL_COMPRESSION", "archive/data.pkl").severity());
    }

    @Test
    void flagsADataDescriptorThatDisagreesWithTheDirectory() {
        byte[] z = bytes("malicious/zip_data_descriptor_deflated.pt");
        int dd = indexOf(z, new byte[]{'P', 'K', 7, 8});
        z[dd + 4] ^= 0x5a; // corrupt the descriptor's CRC only; directory and data stay intact
        List<FileResult> r = scanBytes("tampered.pt", z);
        assertEquals(Severity.HIGH, require(r, "ZIP_DATA_DESCRIPTOR_MISMATCH", "archive/data.pkl").severity());
        payloadScanned(r);
    }

    @Test
    void scansAnExtraPickleMemberWhateverItsDirectory() {
        Finding f = require(scan("malicious/torch_zip_extra_pkl_member.pt"), "PICKLE_CALL_CRITICAL", "os.system");
        assertEquals("archive/extra/hidden.pkl", f.location().member());
    }

    @Test
    void flagsTorchScriptCodeAndScansConstants() {
        List<FileResult> r = scan("malicious/torchscript_constants_payload.pt");
        assertEquals("torchscript", r.get(0).format());
        assertEquals(Severity.MEDIUM, require(r, "TORCHSCRIPT_CODE", null).severity());
        assertEquals("archive/constants.pkl", require(r, "PICKLE_CALL_CRITICAL", "os.system").location().member());
    }

    @Test
    void scansGenericZipMembersAsFilesOfTheirOwn() {
        List<FileResult> r = scan("malicious/generic_zip_with_pickle.zip");
        assertEquals("zip", r.get(0).format());
        FileResult member = r.stream().filter(x -> x.path().endsWith("!models/model.bin")).findFirst().orElseThrow();
        assertEquals("pickle", member.format());
        assertEquals(Severity.CRITICAL, member.worst());
    }

    @Test
    void judgesAMultiGigabyteCheckpointFromItsDirectoryAndPickle(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.pt");
        Corpus.sparseTorchZip(huge, Corpus.stateDictPickle(50, 1 << 20), 5L << 30);
        try (FileSource src = new FileSource(huge)) {
            List<FileResult> r = SCANNER.scan("huge.pt", src, null);
            assertEquals("pytorch", r.get(0).format());
            assertTrue(r.get(0).judged());
            assertEquals(List.of(), all(r));
            assertTrue(src.bytesRead() < 300_000, "read " + src.bytesRead() + " bytes of " + src.size());
        }
    }

    @Test
    void flagsAPayloadInAMultiGigabyteCheckpoint(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.pt");
        Corpus.sparseTorchZip(huge, Corpus.reducePickle("subprocess", "Popen"), 5L << 30);
        try (FileSource src = new FileSource(huge)) {
            require(SCANNER.scan("huge.pt", src, null), "PICKLE_CALL_CRITICAL", "subprocess.Popen");
        }
    }

    @Test
    void flagsADecompressionBombMemberAndStopsAtTheLimit() throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bos)) {
            z.setLevel(9);
            z.putNextEntry(new java.util.zip.ZipEntry("zeros.bin"));
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 24; i++) z.write(block); // 24 MB of zeros in ~24 KB, above an 8 MB member cap
            z.closeEntry();
        }
        dev.aiprov.scanner.Limits d = dev.aiprov.scanner.Limits.defaults();
        dev.aiprov.scanner.Limits small = new dev.aiprov.scanner.Limits(d.maxFileBytes(), 8 << 20, d.maxExpandedBytes(),
                d.maxArchiveDepth(), d.maxArchiveEntries(), d.maxStringBytes(), d.maxPickleOps(), d.timePerFile(), d.maxTextBytes());
        List<FileResult> r = new dev.aiprov.scanner.Scanner(small, dev.aiprov.scanner.DetectorRegistry.all())
                .scan("bomb.zip", new dev.aiprov.scanner.io.ByteArraySource(bos.toByteArray()), null);
        assertEquals(Severity.MEDIUM, require(r, "ZIP_EXTREME_RATIO", "zeros.bin").severity());
        assertFalse(r.get(0).judged(), "the member over the cap was not judged");
    }

    @Test
    void reportsAZipWithoutEndRecordAsMalformed() {
        byte[] z = bytes("malicious/torch_zip_payload.pt");
        byte[] cut = java.util.Arrays.copyOf(z, z.length - 22); // drop the end of central directory record
        List<FileResult> r = scanBytes("cut.pt", cut);
        require(r, "ZIP_MALFORMED", null);
        assertFalse(r.get(0).judged());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
