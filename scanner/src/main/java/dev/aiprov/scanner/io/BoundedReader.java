package dev.aiprov.scanner.io;

import dev.aiprov.scanner.ScanException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one reader every binary format goes through: a position over {@code [start, end)} of a
 * {@link ByteSource}, buffered in a window (64 KiB unless the caller sizes it). Typed reads fill the
 * whole window ahead; sequential {@link #read(byte[], int, int)} reads fetch what they are asked
 * for, so a stream reader costs the bytes it consumes and a seek back within the last read is
 * served from memory. Declared lengths are never trusted: every
 * fixed-size read checks the bytes left first ({@link ScanException#truncated}, or
 * {@link ScanException#negativeLength}) and allocates nothing larger than the caller's own cap;
 * {@link #skip} and {@link #seek} move the position without reading, so skipped tensor data costs
 * nothing. A source that delivers fewer bytes than its {@link ByteSource#size()} promised fails with
 * an {@link EOFException} instead of being read short. An optional {@link Deadline} is checked on
 * every refill. Not thread-safe.
 */
public final class BoundedReader {
    /** The default window. */
    public static final int WINDOW = 1 << 16;

    /** The per-file time budget ({@code ScanContext::checkDeadline}); throws when it is spent. */
    @FunctionalInterface
    public interface Deadline {
        void check(long offset);
    }

    private final ByteSource src;
    private final Deadline deadline;
    private final int window;
    private final long start;
    private final long end;
    private byte[] buf;
    private long bufStart;
    private int bufLen;
    private long pos;

    /**
     * A reader over {@code [start, start+length)} of {@code src} (clipped to it), buffered in
     * {@code window} bytes; {@code deadline} may be null.
     */
    public BoundedReader(ByteSource src, long start, long length, int window, Deadline deadline) {
        if (window <= 0) throw new IllegalArgumentException("window " + window);
        this.src = src;
        this.deadline = deadline;
        this.window = window;
        this.start = Math.max(0, start);
        this.pos = this.start;
        this.end = this.start + Math.max(0, Math.min(src.size() - this.start, length));
    }

    /** A reader over the whole source from {@code start}, with the default window. */
    public BoundedReader(ByteSource src, long start, Deadline deadline) {
        this(src, start, Long.MAX_VALUE, WINDOW, deadline);
    }

    public long position() {
        return pos;
    }

    /** Where the readable range ends (exclusive). */
    public long end() {
        return end;
    }

    public long remaining() {
        return Math.max(0, end - pos);
    }

    /** Moves to {@code position} (within the range) without reading. */
    public void seek(long position) {
        if (position < start || position > end) {
            throw new IllegalArgumentException("position " + position + " outside [" + start + ", " + end + "]");
        }
        pos = position;
    }

    /** Throws {@code TRUNCATED} unless {@code n} more bytes exist ({@code MALFORMED} when negative). */
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

    /** A little-endian unsigned value of {@code n} (at most 8) bytes; 8 bytes may come out negative. */
    public long le(int n, String field) throws IOException {
        require(n, field);
        fill(n);
        long v = 0;
        int at = (int) (pos - bufStart);
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (buf[at + i] & 0xff);
        pos += n;
        return v;
    }

    /** Reads exactly {@code n} bytes; the caller has already checked {@code n} against its own cap. */
    public byte[] bytes(int n, String field) throws IOException {
        require(n, field);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            fill(Math.min(window, n - done));
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

    /** The next byte, or -1 at the end of the range (a sequential read, as {@link InputStream#read()}). */
    public int read() throws IOException {
        if (pos >= end) return -1;
        if (!buffered(1)) load(1);
        return buf[(int) (pos++ - bufStart)] & 0xff;
    }

    /**
     * Up to {@code len} bytes into {@code b}, or -1 at the end of the range (as
     * {@link InputStream#read(byte[], int, int)}). Reads beyond the window fetch exactly what is asked.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        if (deadline != null) deadline.check(pos);
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int n = (int) Math.min(len, end - pos);
        if (!buffered(1)) {
            if (n > window) {
                int r = src.read(pos, b, off, n);
                if (r <= 0) throw shortSource(pos);
                pos += r;
                return r;
            }
            load(n);
        }
        int k = (int) Math.min(n, bufStart + bufLen - pos);
        System.arraycopy(buf, (int) (pos - bufStart), b, off, k);
        pos += k;
        return k;
    }

    /** An {@link InputStream} reading this range sequentially; its {@code skip} moves the position only. */
    public InputStream stream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return BoundedReader.this.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return BoundedReader.this.read(b, off, len);
            }

            @Override
            public long skip(long n) {
                long k = Math.max(0, Math.min(n, remaining()));
                pos += k;
                return k;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, remaining());
            }
        };
    }

    /** A sequential stream over the whole of {@code src}. */
    public static InputStream stream(ByteSource src) {
        return stream(src, 0, src.size());
    }

    /** A sequential stream over {@code [start, start+length)} of {@code src}, for decompressors and text readers. */
    public static InputStream stream(ByteSource src, long start, long length) {
        return new BoundedReader(src, start, length, WINDOW, null).stream();
    }

    /**
     * Exactly {@code min(len, size - position)} bytes at {@code position}: clipped at the end of the
     * source, never short inside it (an {@link EOFException} says the source broke its size).
     */
    public static byte[] readFully(ByteSource src, long position, int len) throws IOException {
        if (position < 0 || len < 0) throw new IllegalArgumentException("negative position or length");
        int n = (int) Math.min(len, Math.max(0, src.size() - position));
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int r = src.read(position + done, out, done, n - done);
            if (r <= 0) throw shortSource(src, position + done);
            done += r;
        }
        return out;
    }

    /** Makes sure {@code [pos, pos+n)} (n <= window, all within the range) is in the window, reading a window ahead. */
    private void fill(int n) throws IOException {
        if (!buffered(n)) load((int) Math.min(window, end - pos));
    }

    private boolean buffered(int n) {
        return buf != null && pos >= bufStart && pos + n <= bufStart + bufLen;
    }

    /** Reads {@code [pos, pos+want)} into the window. */
    private void load(int want) throws IOException {
        if (deadline != null) deadline.check(pos);
        if (buf == null) buf = new byte[(int) Math.min(window, end - start)];   // a small range never needs a whole window
        bufStart = pos;
        bufLen = 0;
        while (bufLen < want) {
            int r = src.read(pos + bufLen, buf, bufLen, want - bufLen);
            if (r <= 0) throw shortSource(pos + bufLen);
            bufLen += r;
        }
    }

    private EOFException shortSource(long at) {
        return shortSource(src, at);
    }

    private static EOFException shortSource(ByteSource src, long at) {
        return new EOFException("source ends at " + at + ", before its declared size " + src.size());
    }
}
