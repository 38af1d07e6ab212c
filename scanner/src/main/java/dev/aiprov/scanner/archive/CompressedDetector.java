package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Single-stream compression around a model (joblib's compressed dumps, {@code .pkl.gz}, {@code .tar.xz}):
 * gzip, bzip2, xz, raw lzma, zlib and lz4 frames, recognised by magic bytes. The content is
 * decompressed under the member and expanded-bytes caps and judged by content as part of this file.
 * A stream that breaks keeps what was decompressed before the break and says so.
 */
public final class CompressedDetector extends AbstractDetector {
    public static final String ID = "compressed";

    enum Kind { GZIP, BZIP2, XZ, LZMA, ZLIB, LZ4, ZFILE }

    /** joblib's legacy format: "ZF", the length in hex padded to 19 bytes, then a zlib stream. */
    static final int ZFILE_HEADER = 21;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean accepts(Probe p) {
        return kind(p.head()) != null;
    }

    static Kind kind(byte[] h) {
        if (h.length < 4) return null;
        int b0 = h[0] & 0xff, b1 = h[1] & 0xff;
        if (b0 == 0x1f && b1 == 0x8b && h[2] == 8) return Kind.GZIP;
        if (h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9' && h.length >= 10
                && ((h[4] & 0xff) == 0x31 && (h[5] & 0xff) == 0x41 && (h[6] & 0xff) == 0x59
                || (h[4] & 0xff) == 0x17 && (h[5] & 0xff) == 0x72 && (h[6] & 0xff) == 0x45)) return Kind.BZIP2;
        if (h.length >= 6 && b0 == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z' && h[5] == 0) return Kind.XZ;
        if (b0 == 0x04 && b1 == 0x22 && (h[2] & 0xff) == 0x4d && (h[3] & 0xff) == 0x18) return Kind.LZ4;
        if (b0 == 0x5d && h.length >= 13 && lzmaHeaderPlausible(h)) return Kind.LZMA;
        if (b0 == 0x78 && (b0 * 256 + b1) % 31 == 0 && (b1 & 0x20) == 0 && inflatesHead(h)) return Kind.ZLIB;
        if (h.length > ZFILE_HEADER + 2 && h[0] == 'Z' && h[1] == 'F' && h[2] == '0' && (h[3] == 'x' || h[3] == 'X')
                && (h[ZFILE_HEADER] & 0xff) == 0x78) return Kind.ZFILE;
        return null;
    }

    private static boolean lzmaHeaderPlausible(byte[] h) {
        long dict = (h[1] & 0xffL) | (h[2] & 0xffL) << 8 | (h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 24;
        long usize = 0;
        for (int i = 0; i < 8; i++) usize |= (h[5 + i] & 0xffL) << (8 * i);
        boolean dictOk = Long.bitCount(dict) == 1 || Long.bitCount(dict) == 2 && Long.bitCount(dict & (dict >> 1)) == 1;
        return dictOk && dict >= 4096 && (usize == -1L || usize < (1L << 48));
    }

    private static boolean inflatesHead(byte[] h) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(h);
            byte[] out = new byte[256];
            return inf.inflate(out) > 0 || inf.finished();
        } catch (DataFormatException e) {
            return false;
        } finally {
            inf.end();
        }
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        byte[] head = source.readFully(0, (int) Math.min(4096, source.size()));
        Kind kind = kind(head);
        if (kind == null) throw ScanException.malformed("not a recognised compressed stream", 0);
        String label = kind.name().toLowerCase();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        String broken = null;
        long max = ctx.limits().maxMemberBytes();
        ByteSource body = kind == Kind.ZFILE ? source.slice(ZFILE_HEADER, source.size() - ZFILE_HEADER) : source;
        long[] consumed = {-1};
        try (InputStream in = open(kind, new BoundedReader(body, 0, null), consumed)) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                ctx.checkDeadline(0);
                if (out.size() + (long) n > max) throw ScanException.limitExceeded("decompressed bytes", out.size() + (long) n, max, 0);
                ctx.chargeExpanded(n, 0);
                out.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ScanException se) throw se;
            broken = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        byte[] content = out.toByteArray();
        String member = label + "-content";
        String err = content.length == 0 ? null : ctx.scanEmbedded(member, new ByteArraySource(content), null);
        String text = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1);
        boolean joblib = text.contains("joblib") || ctx.path().toLowerCase().matches(".*\\.(joblib|jbl)(\\.[a-z0-9]+)?$");
        ctx.format(joblib || kind == Kind.ZFILE ? "joblib" : label);
        if (broken != null) {
            throw new ScanException(Rule.COMPRESSED_STREAM_BROKEN, label + " stream breaks after " + content.length
                    + " decompressed bytes (scanned); " + broken, source.size());
        }
        if (consumed[0] >= 0 && consumed[0] < body.size()) {
            // Python's gzip/zlib readers hand the loader everything before the junk: judged above
            ctx.report(Rule.COMPRESSED_TRAILING_DATA, (body.size() - consumed[0]) + " bytes after the "
                    + label + " stream are not " + label + " data", Location.at(consumed[0]), "");
        }
        if (content.length == 0) {
            ctx.report(Rule.COMPRESSED_EMPTY, label + " stream decompresses to nothing", Location.at(0), "");
        }
        if (err != null) throw new ScanException(Rule.COMPRESSED_CONTENT_UNJUDGED, "decompressed content: " + err, 0);
    }

    private static InputStream open(Kind kind, BoundedReader raw, long[] consumed) throws IOException {
        return switch (kind) {
            case GZIP -> new GzipMembers(raw, consumed);
            case ZFILE -> new GzipMembers.Zlib(raw, consumed);
            case BZIP2 -> new BZip2CompressorInputStream(raw.stream(), true);
            case XZ -> new XZInputStream(raw.stream(), 256 * 1024);
            case LZMA -> new LZMAInputStream(raw.stream(), 256 * 1024);
            case ZLIB -> new GzipMembers.Zlib(raw, consumed);
            case LZ4 -> new FramedLZ4CompressorInputStream(raw.stream(), true);
        };
    }
}
