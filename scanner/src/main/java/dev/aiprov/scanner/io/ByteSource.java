package dev.aiprov.scanner.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * Random-access bytes that a detector reads from: a local file, an in-memory buffer, a slice of
 * another source, or (in the crawler) a remote file read with HTTP range requests. Detectors read
 * only what they need, so a multi-GB checkpoint costs its headers and pickles, not its tensors.
 * Implementations count the bytes they actually deliver in {@link #bytesRead()}.
 */
public interface ByteSource extends Closeable {

    /** Total size in bytes. */
    long size();

    /**
     * Reads up to {@code len} bytes at {@code position} into {@code dst}; returns the number read,
     * or -1 at or past the end. Never reads past {@link #size()}.
     */
    int read(long position, byte[] dst, int off, int len) throws IOException;

    /** Bytes delivered by this source so far (for slices: of the underlying source). */
    long bytesRead();

    /** A view of {@code [offset, offset+length)} clipped to this source. */
    default ByteSource slice(long offset, long length) {
        return new SliceSource(this, offset, length);
    }

    /** Reads exactly {@code len} bytes at {@code position}, or fewer when the source ends first. */
    default byte[] readFully(long position, int len) throws IOException {
        if (position < 0 || len < 0) throw new IllegalArgumentException("negative position or length");
        long avail = Math.max(0, size() - position);
        int n = (int) Math.min(len, avail);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int r = read(position + done, out, done, n - done);
            if (r <= 0) break;
            done += r;
        }
        return done == n ? out : java.util.Arrays.copyOf(out, done);
    }

    @Override
    default void close() throws IOException {
    }
}
