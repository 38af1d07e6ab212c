package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A bounded little-endian cursor over a {@link ByteSource}, buffered in 64 KiB windows. Every read
 * is checked against the bytes available ({@code TRUNCATED}) before anything is allocated, and
 * {@link #skip} moves the position without reading, so skipped tensor data costs nothing.
 */
public final class SourceCursor {
    private static final int WINDOW = 1 << 15;

    private final ByteSource src;
    private final ScanContext ctx;
    private final long size;
    private final byte[] buf = new byte[WINDOW];
    private long bufStart;
    private int bufLen;
    private long pos;

    public SourceCursor(ByteSource src, ScanContext ctx, long start) {
        this.src = src;
        this.ctx = ctx;
        this.size = src.size();
        this.pos = start;
    }

    public long position() {
        return pos;
    }

    public long remaining() {
        return Math.max(0, size - pos);
    }

    /** Throws {@code TRUNCATED} unless {@code n} more bytes exist. */
    public void require(long n, String field) {
        if (n < 0) throw ScanException.negativeLength(field, pos);
        if (n > remaining()) throw ScanException.truncated(field, pos);
    }

    public void skip(long n, String field) {
        require(n, field);
        pos += n;
    }

    public int u8(String field) throws IOException {
        require(1, field);
        fill(1);
        return buf[(int) (pos++ - bufStart)] & 0xff;
    }

    public long u32(String field) throws IOException {
        return le(4, field);
    }

    public long u64(String field) throws IOException {
        return le(8, field);
    }

    /** Reads {@code n} bytes; the caller has already checked {@code n} against its own cap. */
    public byte[] bytes(int n, String field) throws IOException {
        require(n, field);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            ctx.checkDeadline(pos);
            fill(Math.min(WINDOW, n - done));
            int k = (int) Math.min(n - done, bufStart + bufLen - pos);
            System.arraycopy(buf, (int) (pos - bufStart), out, done, k);
            done += k;
            pos += k;
        }
        return out;
    }

    public String utf8(int n, String field) throws IOException {
        return new String(bytes(n, field), StandardCharsets.UTF_8);
    }

    private long le(int n, String field) throws IOException {
        require(n, field);
        fill(n);
        long v = 0;
        int at = (int) (pos - bufStart);
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (buf[at + i] & 0xff);
        pos += n;
        return v;
    }

    /** Makes sure {@code [pos, pos+n)} (n <= WINDOW, all available) is in the buffer. */
    private void fill(int n) throws IOException {
        if (pos >= bufStart && pos + n <= bufStart + bufLen) return;
        bufStart = pos;
        int want = (int) Math.min(WINDOW, size - pos);
        bufLen = 0;
        while (bufLen < want) {
            int r = src.read(pos + bufLen, buf, bufLen, want - bufLen);
            if (r <= 0) throw ScanException.truncated("read", pos + bufLen);
            bufLen += r;
        }
        if (bufLen < n) throw ScanException.truncated("read", pos);
    }
}
