package dev.aiprov.scanner.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file read through positional reads on a {@link FileChannel}. */
public final class FileSource implements ByteSource {
    private final FileChannel channel;
    private final long size;
    private long read;

    public FileSource(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
        if (position >= size) return -1;
        int n = (int) Math.min(len, size - position);
        int r = channel.read(ByteBuffer.wrap(dst, off, n), position);
        if (r > 0) read += r;
        return r;
    }

    @Override
    public long bytesRead() {
        return read;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
