package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.io.InputStream;

/** A sequential view of a {@link ByteSource} range, for decompressors that want an InputStream. */
public final class SourceInputStream extends InputStream {
    private final ByteSource src;
    private long pos;
    private final long end;

    public SourceInputStream(ByteSource src, long start, long length) {
        this.src = src;
        this.pos = start;
        this.end = Math.min(src.size(), start + length);
    }

    public SourceInputStream(ByteSource src) {
        this(src, 0, src.size());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int n = src.read(pos, b, off, (int) Math.min(len, end - pos));
        if (n <= 0) return -1;
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
}
