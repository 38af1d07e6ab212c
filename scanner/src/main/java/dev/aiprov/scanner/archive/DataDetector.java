package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.io.ByteSource;

import java.nio.charset.StandardCharsets;

/**
 * Plain data formats that carry no code (images, audio, parquet, arrow, PDF), recognised by magic
 * bytes so a folder scan judges them instead of calling them unsupported. No findings; the format
 * label says what the file is. Unknown binaries stay unsupported.
 */
public final class DataDetector extends AbstractDetector {
    public static final String ID = "data";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -10;
    }

    @Override
    public boolean accepts(Probe p) {
        return kind(p) != null;
    }

    static String kind(Probe p) {
        byte[] h = p.head();
        if (p.startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) 0x0d, (byte) 0x0a, (byte) 0x1a, (byte) 0x0a)) return "png";
        if (p.startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff)) return "jpeg";
        if (p.startsWithAscii("GIF87a") || p.startsWithAscii("GIF89a")) return "gif";
        if (p.startsWithAscii("RIFF") && h.length >= 12) {
            String form = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
            if (form.equals("WEBP")) return "webp";
            if (form.equals("WAVE")) return "wav";
        }
        if (p.startsWithAscii("PAR1") && tailIs(p, "PAR1")) return "parquet";
        if (p.startsWithAscii("ARROW1")) return "arrow";
        if (p.startsWithAscii("fLaC")) return "flac";
        if (p.startsWithAscii("OggS")) return "ogg";
        if (p.startsWithAscii("ID3") || h.length > 2 && (h[0] & 0xff) == 0xff && ((h[1] & 0xe0) == 0xe0) && (h[1] & 0x06) != 0) return "mp3";
        if (p.startsWithAscii("%PDF-")) return "pdf";
        if (p.startsWithAscii("BM") && h.length > 14 && h[6] == 0 && h[7] == 0 && h[8] == 0 && h[9] == 0) return "bmp";
        if (p.startsWith((byte) 'I', (byte) 'I', (byte) 42, (byte) 0) || p.startsWith((byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) return "tiff";
        return null;
    }

    private static boolean tailIs(Probe p, String magic) {
        byte[] t = p.tail();
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (t.length < m.length) return false;
        for (int i = 0; i < m.length; i++) if (t[t.length - m.length + i] != m[i]) return false;
        return true;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) {
        String k = kind(new Probe(ctx.path(), source.size(), head(source), tail(source)));
        if (k != null) ctx.format(k);
    }

    private static byte[] head(ByteSource s) {
        try {
            return s.readFully(0, (int) Math.min(64, s.size()));
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    private static byte[] tail(ByteSource s) {
        try {
            long n = Math.min(8, s.size());
            return s.readFully(s.size() - n, (int) n);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
