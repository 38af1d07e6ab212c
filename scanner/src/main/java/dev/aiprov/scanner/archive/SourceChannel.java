package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over a {@link ByteSource}, for readers (7z) that need random access. */
public final class SourceChannel implements SeekableByteChannel {
    private final ByteSource src;
    private long pos;
    private boolean open = true;

    public SourceChannel(ByteSource src) {
        this.src = src;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (pos >= src.size()) return -1;
        int want = (int) Math.min(dst.remaining(), Math.min(1 << 20, src.size() - pos));
        byte[] tmp = new byte[want];
        int n = src.read(pos, tmp, 0, want);
        if (n <= 0) return -1;
        dst.put(tmp, 0, n);
        pos += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return pos;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        pos = newPosition;
        return this;
    }

    @Override
    public long size() {
        return src.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
