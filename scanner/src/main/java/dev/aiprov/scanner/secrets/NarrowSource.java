package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;

/**
 * UTF-16/UTF-32 text seen one byte per code unit, so the byte-level matchers (credentials are ASCII)
 * run unchanged: an ASCII or Latin-1 unit becomes that byte, any other becomes {@code 0x80}. Position
 * {@code k} of this view is byte {@code bom + k * unit} of the file.
 */
final class NarrowSource implements ByteSource {
    private final ByteSource src;
    private final TextEncoding enc;
    private byte[] wide = new byte[0];

    NarrowSource(ByteSource src, TextEncoding enc) {
        this.src = src;
        this.enc = enc;
    }

    long fileOffset(long k) {
        return enc.bom() + k * enc.unit();
    }

    @Override
    public long size() {
        return Math.max(0, (src.size() - enc.bom()) / enc.unit());
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) throws IOException {
        long avail = size() - position;
        if (avail <= 0) return -1;
        int n = (int) Math.min(len, avail);
        int u = enc.unit();
        if (wide.length < n * u) wide = new byte[n * u];
        int got = 0;
        while (got < n * u) {
            int r = src.read(fileOffset(position) + got, wide, got, n * u - got);
            if (r <= 0) break;
            got += r;
        }
        int units = got / u;
        for (int k = 0; k < units; k++) {
            int cp = 0;
            for (int j = 0; j < u; j++) cp = cp << 8 | (wide[k * u + (enc.bigEndian() ? j : u - 1 - j)] & 0xff);
            dst[off + k] = (byte) (cp < 0x100 ? cp : 0x80);
        }
        return units == 0 ? -1 : units;
    }

    @Override
    public long bytesRead() {
        return src.bytesRead();
    }
}
