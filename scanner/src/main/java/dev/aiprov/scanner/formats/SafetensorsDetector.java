package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.formats.internal.JsonTree;
import dev.aiprov.scanner.formats.internal.SafetensorsLayout;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON, then the tensor data.
 * Only the header is read. The header length is checked against the file and {@link #MAX_HEADER}
 * before anything is allocated; the tensor table is checked by {@link SafetensorsLayout}; bytes
 * after the last tensor that look like another format are scanned as an embedded stream.
 */
public final class SafetensorsDetector extends AbstractDetector {
    public static final String ID = "safetensors";
    /** The reference implementation refuses headers above 100 MB. */
    static final long MAX_HEADER = 100_000_000L;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Probe probe) {
        byte[] h = probe.head();
        if (h.length >= 10 && h[8] == '{' && (h[9] == '"' || h[9] == '}' || h[9] == ' ' || h[9] == '\n')) {
            // the length must fit the file: eight printable bytes of text make a length of petabytes
            long n = ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n >= 2 && n <= probe.size() - 8) return true;
        }
        return probe.nameEndsWith(".safetensors") && !probe.startsWith((byte) 0x80) && !probe.startsWithAscii("PK");
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        if (source.size() < 8) throw ScanException.truncated("safetensors header length", 0);
        byte[] len = source.readFully(0, 8);
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String declared = Long.toUnsignedString(n);
        if (n < 0 || n > MAX_HEADER) {
            ctx.report(Rule.SAFETENSORS_HEADER_TOO_LARGE, "header length " + declared + " exceeds "
                    + MAX_HEADER + " bytes: loaders that trust it exhaust memory", Location.at(0), declared);
            return;
        }
        if (n > source.size() - 8) {
            ctx.report(Rule.SAFETENSORS_HEADER_BEYOND_FILE, "header length " + declared
                    + " runs past the end of the file (" + source.size() + " bytes)", Location.at(0), declared);
            return;
        }
        byte[] header = source.readFully(8, (int) n);
        if (header.length < n) throw ScanException.truncated("safetensors header", 8 + header.length);
        JsonTree.Result parsed;
        try {
            parsed = JsonTree.parse(ctx, header, 8, 2_000_000, ctx.limits().maxStringBytes());
        } catch (ScanException e) {
            if (e.failure() != ScanException.Failure.MALFORMED) throw e;
            ctx.report(Rule.SAFETENSORS_INVALID_JSON, "header is not valid JSON: " + e.getMessage(),
                    Location.at(e.offset() < 0 ? 8 : 8 + e.offset()), "");
            return;
        }
        if (!(parsed.root().value() instanceof java.util.Map<?, ?>)) {
            ctx.report(Rule.SAFETENSORS_INVALID_JSON, "header is not a JSON object", Location.at(8), "");
            return;
        }
        for (String dup : parsed.duplicateKeys()) {
            ctx.report(Rule.SAFETENSORS_DUPLICATE_KEY, "header key appears twice; parsers disagree on "
                    + "which tensor wins", Location.at(8), dup);
        }
        long dataStart = 8 + n;
        long end = SafetensorsLayout.check(ctx, parsed.root(), source.size() - dataStart, 8);
        if (end >= 0 && end < source.size() - dataStart) trailing(ctx, source, dataStart + end);
        ctx.format("safetensors");
    }

    private void trailing(ScanContext ctx, ByteSource source, long from) throws IOException {
        long extra = source.size() - from;
        byte[] head = source.readFully(from, (int) Math.min(8, extra));
        String kind = embeddedKind(head);
        ctx.report(Rule.SAFETENSORS_TRAILING_DATA, kind == null ? Severity.MEDIUM : Severity.HIGH, extra
                + " bytes follow the last tensor" + (kind == null ? "" : " and look like " + kind)
                + "; loaders ignore them", Location.at(from), kind == null ? "" : kind);
        if (kind != null) ctx.scanEmbedded("trailing@" + from, source.slice(from, extra), null);
    }

    /** Recognises the magic bytes of formats that could hide code after the tensors. */
    static String embeddedKind(byte[] h) {
        if (h.length >= 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5) return "a pickle";
        if (h.length >= 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4) return "a zip archive";
        if (h.length >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) return "gzip data";
        if (h.length >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h') return "bzip2 data";
        if (h.length >= 6 && (h[0] & 0xff) == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X') return "xz data";
        if (h.length >= 6 && h[0] == '7' && h[1] == 'z' && (h[2] & 0xff) == 0xbc) return "a 7z archive";
        return null;
    }
}
