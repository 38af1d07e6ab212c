package dev.aiprov.scanner.io;

import java.io.IOException;

/** A window on another source; reads are delegated and counted by the parent. */
final class SliceSource implements ByteSource {
    private final ByteSource parent;
    private final long offset;
    private final long length;

    SliceSource(ByteSource parent, long offset, long length) {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative slice");
        this.parent = parent;
        this.offset = Math.min(offset, parent.size());
        this.length = Math.min(length, parent.size() - this.offset);
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) throws IOException {
        if (position >= length) return -1;
        int n = (int) Math.min(len, length - position);
        return parent.read(offset + position, dst, off, n);
    }

    @Override
    public long bytesRead() {
        return parent.bytesRead();
    }
}
