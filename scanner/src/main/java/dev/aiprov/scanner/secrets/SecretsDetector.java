package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.SecretRef;
import dev.aiprov.scanner.Sha256;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.secrets.internal.Engine;
import dev.aiprov.scanner.secrets.internal.Hit;
import dev.aiprov.scanner.secrets.internal.NotebookCells;
import dev.aiprov.scanner.secrets.internal.NotebookLocator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Leaked credentials in text artifacts: model cards, JSON/YAML configs, {@code .env}, Python apps
 * and Jupyter notebooks (sources, outputs and base64 attachments; code cells are also decoded from
 * their JSON strings and scanned as the code they are). Reads the file in 8 MiB windows (64 KiB
 * overlap) up to {@code limits().maxTextBytes()}, in one linear pass per window; a longer file is
 * reported with what was found and left not judged. UTF-16/UTF-32 text is read one byte per code
 * unit ({@link NarrowSource}). A finding carries the family, the lines and byte offset, a redacted
 * form and a keyed hash (HMAC-SHA256) of the value; never the value itself.
 */
public final class SecretsDetector extends AbstractDetector {
    static final int WINDOW = 8 << 20;
    static final int OVERLAP = 64 << 10;
    /** Findings reported per file before the rest are summarised in one {@code SECRETS_TOO_MANY} finding. */
    static final int MAX_FINDINGS = 1000;

    @Override
    public String id() {
        return "text";
    }

    @Override
    public int priority() {
        return -10;
    }

    @Override
    public boolean accepts(Probe probe) {
        return TextProbe.isText(probe);
    }

    @Override
    public void scan(ScanContext ctx, ByteSource file) throws IOException {
        TextEncoding enc = TextEncoding.detect(file.readFully(0, (int) Math.min(file.size(), Probe.HEAD_BYTES)));
        NarrowSource narrow = enc != null && enc.wide() ? new NarrowSource(file, enc) : null;
        ByteSource source = narrow != null ? narrow : file;
        long size = source.size();
        long limit = Math.min(size, ctx.limits().maxTextBytes());
        byte[] buf = new byte[(int) Math.min(limit, WINDOW + 2L * OVERLAP)];
        List<long[]> places = new ArrayList<>();
        List<Hit> found = new ArrayList<>();
        long curPos = 0;
        int curLine = 1;
        boolean notebook = false;
        for (long owned = 0; owned < limit; owned += WINDOW) {
            long ownedEnd = Math.min(limit, owned + WINDOW);
            long ws = Math.max(0, owned - OVERLAP);
            long we = Math.min(limit, ownedEnd + OVERLAP);
            int n = fill(source, ws, buf, (int) (we - ws));
            ctx.checkDeadline(ws);
            if (owned == 0) notebook = looksLikeNotebook(ctx.path(), buf, n);
            final long at = ws;
            List<Hit> hits = Engine.scan(buf, (int) (owned - ws), (int) Math.min(n, ownedEnd - ws), n,
                    () -> ctx.checkDeadline(at));
            for (Hit h : hits) {
                long abs = ws + h.start();
                int line;
                if (abs >= curPos) {
                    curLine += newlines(buf, (int) (curPos - ws), (int) (abs - ws));
                    curPos = abs;
                    line = curLine;
                } else {
                    line = curLine - newlines(buf, (int) (abs - ws), (int) (curPos - ws));
                }
                int endLine = line + newlines(buf, h.start(), Math.min(n, h.end()) - 1);
                if (found.size() < MAX_FINDINGS) {
                    found.add(h);
                    places.add(new long[]{abs, line, endLine});
                }
            }
            if (ownedEnd > curPos) {
                curLine += newlines(buf, (int) (curPos - ws), (int) Math.min(n, ownedEnd - ws));
                curPos = ownedEnd;
            }
        }
        if (notebook) NotebookCells.scan(source, limit, found, places, () -> ctx.checkDeadline(0), MAX_FINDINGS);
        Map<Long, String> cells = Map.of();
        if (notebook && !found.isEmpty()) {
            long[] offs = places.stream().mapToLong(p -> p[0]).sorted().distinct().toArray();
            cells = NotebookLocator.locate(source, limit, offs, () -> ctx.checkDeadline(0));
        }
        for (int i = 0; i < found.size(); i++) {
            long[] p = places.get(i);
            long offset = narrow != null ? narrow.fileOffset(p[0]) : p[0];
            report(ctx, found.get(i), offset, (int) p[1], (int) p[2], cells.getOrDefault(p[0], ""));
        }
        if (found.size() >= MAX_FINDINGS) {
            ctx.report(Rule.SECRETS_TOO_MANY, "more than " + MAX_FINDINGS
                    + " secrets in one file; the rest were not listed", Location.at(-1), "");
        }
        if (size > limit) {
            // the rest was not read: the file is not judged, never clean
            throw ScanException.limitExceeded("text bytes", size, limit, limit);
        }
    }

    private static void report(ScanContext ctx, Hit h, long offset, int line, int endLine, String where) {
        String redacted = h.redacted();
        String message = h.kind().description() + " in clear text" + (h.note().isEmpty() ? "" : " (" + h.note() + ")");
        String evidence = redacted + (where.isEmpty() ? "" : " at " + where);
        SecretRef ref = new SecretRef(h.kind().type(), redacted, keyedHash(ctx.secretHashKey(), h.value()));
        ctx.report(Finding.secret(h.kind().rule(), message, new Location("", offset, line, endLine),
                evidence, ref));
    }

    static int fill(ByteSource src, long pos, byte[] buf, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = src.read(pos + done, buf, done, len - done);
            if (r <= 0) break;
            done += r;
        }
        return done;
    }

    private static int newlines(byte[] b, int from, int to) {
        int n = 0;
        for (int i = Math.max(0, from); i < to; i++) if (b[i] == '\n') n++;
        return n;
    }

    private static boolean looksLikeNotebook(String path, byte[] b, int n) {
        if (path != null && path.toLowerCase().endsWith(".ipynb")) return true;
        String head = new String(b, 0, Math.min(n, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("\"cells\"") && (head.contains("\"cell_type\"") || head.contains("\"nbformat\""));
    }

    /** Hex SHA-256 of the (ASCII) bytes of a secret value: what users put in an allowlist, never stored. */
    public static String sha256(String value) {
        return Sha256.hex(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The keyed hash findings carry: hex HMAC-SHA256, under the installation's key, of the hex SHA-256
     * of the value. Hashing the digest (not the value) lets an allowlist entry holding a plain SHA-256
     * that a user computed be matched with {@link #keyedHashOfSha256} without the value, while nothing
     * unkeyed ever leaves the scanner.
     */
    public static String keyedHash(byte[] key, String value) {
        return keyedHashOfSha256(key, sha256(value));
    }

    /** The keyed hash of a value whose plain hex SHA-256 is {@code sha256Hex} (case-insensitive). */
    public static String keyedHashOfSha256(byte[] key, String sha256Hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sha256Hex.toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
