package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules other than the secrets rules echo values from the file (a path, a dtype, a pickle string, the
 * first bytes); none of them may carry a credential in clear. Each file below is a real hostile file
 * in its format with a (fake) Hugging Face token where that rule quotes the file.
 */
class SecretEchoTest {
    static final Path LEAKS = Path.of("src/test/resources/fixtures/leaks");
    static final Scanner SCANNER = Scanner.withDefaults();

    @TempDir
    Path dir;

    static String token() throws Exception {
        return Files.readString(LEAKS.resolve("TOKEN.txt")).strip();
    }

    /** Scans {@code file} from disk and asserts {@code rule} fired and nothing shows the token (or its hex). */
    static List<FileResult> assertNoEcho(Path file, String rule) throws Exception {
        String token = token();
        List<FileResult> results = SCANNER.scanPaths(List.of(file), 1);
        String hex = HexFormat.of().formatHex(token.getBytes(StandardCharsets.US_ASCII));
        boolean fired = false;
        for (FileResult r : results) {
            assertFalse(r.error() != null && r.error().contains(token.substring(3, 20)), r.error());
            for (Finding f : r.findings()) {
                fired |= f.rule().equals(rule);
                for (String s : List.of(f.message(), f.evidence())) {
                    // no 12 consecutive characters of the token's body, in clear or in hex
                    for (int i = 3; i + 12 <= token.length(); i++) {
                        String part = token.substring(i, i + 12);
                        assertFalse(s.contains(part), f.rule() + " echoes the token: " + s);
                        assertFalse(s.toLowerCase().contains(hex.substring(2 * i, 2 * i + 24)), f.rule() + " echoes its hex: " + s);
                    }
                }
            }
        }
        assertTrue(fired, rule + " did not fire: " + results);
        return results;
    }

    @Test
    void kerasTfsmLayerFilepathIsRedacted() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, """
                {"module": "keras", "class_name": "Functional", "config": {"name": "m", "layers": [
                  {"module": "keras.layers", "class_name": "TFSMLayer",
                   "config": {"name": "tfsm", "filepath": "/mnt/%s/saved", "call_endpoint": "serve"},
                   "registered_name": null}]}}
                """.formatted(token()));
        assertNoEcho(f, "KERAS_TFSM_LAYER");
    }

    @Test
    void onnxExternalDataLocationIsRedacted() throws Exception {
        Path f = dir.resolve("model.onnx");
        Files.copy(LEAKS.resolve("external_location_token.onnx"), f);
        List<FileResult> r = assertNoEcho(f, "ONNX_EXTERNAL_DATA_ABSOLUTE_PATH");
        // what is not secret stays readable
        assertTrue(r.get(0).findings().stream().anyMatch(x -> x.evidence().contains("weights.acme-corp.net/w.bin")), r.toString());
    }

    @Test
    void npyMalformedDescrIsRedacted() throws Exception {
        String header = "{'descr': '<" + token() + "', 'fortran_order': False, 'shape': (1,), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        b.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(new byte[8]);
        Path f = dir.resolve("arr.npy");
        Files.write(f, b.toByteArray());
        assertNoEcho(f, "NPY_MALFORMED");
    }

    @Test
    void safetensorsDtypeIsRedacted() throws Exception {
        byte[] header = ("{\"w\":{\"dtype\":\"" + token() + "\",\"shape\":[2],\"data_offsets\":[0,8]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + header.length + 8];
        out[0] = (byte) header.length;
        System.arraycopy(header, 0, out, 8, header.length);
        Path f = dir.resolve("model.safetensors");
        Files.write(f, out);
        assertNoEcho(f, "SAFETENSORS_BAD_TENSOR_ENTRY");
    }

    @Test
    void unsupportedFormatHexOfTheFirstBytesIsWithheld() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(token().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 200; i++) b.write(i % 7 == 0 ? 0 : 0x80 + i % 100);
        Path f = dir.resolve("weights.dat");
        Files.write(f, b.toByteArray());
        List<FileResult> r = assertNoEcho(f, "UNSUPPORTED_FORMAT");
        assertTrue(r.get(0).findings().stream().anyMatch(x -> x.evidence().contains(Redaction.WITHHELD)), r.toString());
        // a file whose head holds no credential still shows its hex
        Path plain = dir.resolve("plain.dat");
        byte[] p = new byte[64];
        for (int i = 0; i < p.length; i++) p[i] = (byte) (i % 5 == 0 ? 0 : 0x90 + i);
        Files.write(plain, p);
        Finding u = SCANNER.scanPaths(List.of(plain), 1).get(0).findings().get(0);
        assertEquals(HexFormat.of().formatHex(p, 0, 16), u.evidence());
    }

    @Test
    void pickleStringConstantsAreRedacted() throws Exception {
        // protocol 0, written, never loaded: STRING '<token>', MARK, TUPLE, REDUCE (calls the string), STOP
        Path called = dir.resolve("called.pkl");
        Files.write(called, ("S'" + token() + "'\n(tR.").getBytes(StandardCharsets.ISO_8859_1));
        List<FileResult> r = assertNoEcho(called, "PICKLE_CALL_INVALID");
        assertTrue(r.get(0).findings().stream().anyMatch(x -> x.evidence().contains("hf_…")), r.toString());
        // GLOBAL '<token>' 'system', MARK, TUPLE, REDUCE, STOP: the module name is the token
        Path imported = dir.resolve("imported.pkl");
        Files.write(imported, ("c" + token() + "\nsystem\n(tR.").getBytes(StandardCharsets.ISO_8859_1));
        assertNoEcho(imported, "PICKLE_CALL_UNKNOWN");
    }

    @Test
    void hexEncodedCredentialInEvidenceIsWithheld() throws Exception {
        String hex = HexFormat.of().formatHex(("x=" + token() + ";").getBytes(StandardCharsets.US_ASCII));
        String out = Redaction.redact(hex);
        assertTrue(out.contains(Redaction.WITHHELD), out);
        assertFalse(out.contains(HexFormat.of().formatHex(token().substring(3, 20).getBytes(StandardCharsets.US_ASCII))), out);
    }
}
