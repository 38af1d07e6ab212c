package dev.aiprov.scanner.io;

/** Bytes already in memory (a decompressed member, a test fixture). */
public final class ByteArraySource implements ByteSource {
    private final byte[] data;
    private long read;

    public ByteArraySource(byte[] data) {
        this.data = data;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) {
        if (position >= data.length) return -1;
        int n = (int) Math.min(len, data.length - position);
        System.arraycopy(data, (int) position, dst, off, n);
        read += n;
        return n;
    }

    @Override
    public long bytesRead() {
        return read;
    }
}
