package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} over a {@link ByteSource} whose {@link #skip} only moves the position, so
 * a protobuf walker skipping a tensor's raw data reads none of it. Checks the deadline on each read.
 */
public final class SourceInputStream extends InputStream {
    private final ByteSource src;
    private final ScanContext ctx;
    private long pos;

    public SourceInputStream(ByteSource src, ScanContext ctx) {
        this.src = src;
        this.ctx = ctx;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ctx.checkDeadline(pos);
        if (len == 0) return 0;
        int r = src.read(pos, b, off, len);
        if (r > 0) pos += r;
        return r;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, src.size() - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, src.size() - pos));
    }
}
