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

    /**
     * Reads {@code len} bytes at {@code position}, clipped at {@link #size()} (fewer only when the
     * source ends first); a source that delivers less than its size promised fails with an
     * {@link java.io.EOFException} (see {@link BoundedReader#readFully}).
     */
    default byte[] readFully(long position, int len) throws IOException {
        return BoundedReader.readFully(this, position, len);
    }

    @Override
    default void close() throws IOException {
    }
}
