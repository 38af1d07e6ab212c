package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.secrets.internal.Engine;
import dev.aiprov.scanner.secrets.internal.Hit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of what aiprov prints and stores: every string another rule reports (a
 * pickle constant, an ONNX location, a Keras filepath, a dtype, the first bytes of a file) goes
 * through the secrets engine, and each credential it finds is replaced by its redacted form
 * ({@code hf_…abcd}). Hex evidence is decoded first, so a hex-encoded credential is withheld too.
 */
public final class Redaction {
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2}){8,}");
    /** Shown instead of the hex of bytes that belong to a credential. */
    static final String WITHHELD = "[credential withheld]";

    private Redaction() {
    }

    /** {@code text} with every credential the secrets engine finds replaced by its redacted form. */
    public static String redact(String text) {
        if (text == null || text.length() < 8) return text;
        if (HEX.matcher(text).matches()) return redactHex(text);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<Hit> hits = Engine.scan(b, 0, b.length, b.length, () -> { });
        if (hits.isEmpty()) return text;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        int at = 0;
        for (Hit h : hits) {
            int start = Math.max(at, h.start()), end = Math.min(b.length, h.end());
            if (start >= end) continue;
            out.write(b, at, start - at);
            out.writeBytes(h.redacted().getBytes(StandardCharsets.UTF_8));
            at = end;
        }
        out.write(b, at, b.length - at);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Hex of the first {@code n} bytes of {@code head}, cut where a credential begins: the engine reads
     * all of {@code head}, so a credential that starts within the first {@code n} bytes but runs past them
     * is still recognised and none of its bytes are shown.
     */
    public static String hexHead(byte[] head, int n) {
        n = Math.min(n, head.length);
        int cut = n;
        for (Hit h : Engine.scan(head, 0, n, head.length, () -> { })) cut = Math.min(cut, h.start());
        String hex = HexFormat.of().formatHex(head, 0, Math.max(0, cut));
        return cut < n ? hex + WITHHELD : hex;
    }

    /** The finding with its message and evidence redacted (the same instance when nothing was found). */
    public static Finding redact(Finding f) {
        String m = redact(f.message()), e = redact(f.evidence());
        if (m.equals(f.message()) && e.equals(f.evidence())) return f;
        return new Finding(f.rule(), f.severity(), m, f.location(), e, f.secret());
    }

    /** Every finding and error of every result redacted; the final pass of a scan. */
    public static List<FileResult> redact(List<FileResult> results) {
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            List<Finding> fs = new ArrayList<>(r.findings().size());
            boolean changed = false;
            for (Finding f : r.findings()) {
                Finding g = redact(f);
                changed |= g != f;
                fs.add(g);
            }
            String error = redact(r.error());
            changed |= error != null && !error.equals(r.error());
            out.add(changed ? new FileResult(r.path(), r.format(), r.sha256(), r.bytesRead(), fs, error) : r);
        }
        return out;
    }

    private static String redactHex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        List<Hit> hits = Engine.scan(b, 0, b.length, b.length, () -> { });
        if (hits.isEmpty()) return hex;
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Hit h : hits) {
            int start = Math.max(at, h.start()), end = Math.min(b.length, h.end());
            if (start >= end) continue;
            sb.append(hex, 2 * at, 2 * start).append(WITHHELD);
            at = end;
        }
        return sb.append(hex, 2 * at, hex.length()).toString();
    }
}
