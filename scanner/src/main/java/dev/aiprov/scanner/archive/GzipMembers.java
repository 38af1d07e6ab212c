package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.io.BoundedReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gzip members read one after another as Python's {@code gzip} module reads them: at the end of a
 * member, zero padding ends the stream, another member header continues it, and anything else
 * (junk) ends it too, after everything before has been handed to the reader. {@code consumed[0]}
 * is set to the number of input bytes that were gzip data once the stream ends. Reads through a
 * {@link BoundedReader}, which hands back what a member did not use by moving its position.
 */
final class GzipMembers extends InputStream {
    private final BoundedReader in;
    private final long[] consumed;
    private final Inflater inf = new Inflater(true);
    private final byte[] buf = new byte[1 << 16];
    private boolean inMember;
    private boolean done;

    GzipMembers(BoundedReader in, long[] consumed) {
        this.in = in;
        this.consumed = consumed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (!inMember && !header()) {
                done = true;
                consumed[0] = in.position();
                break;
            }
            try {
                int n = inf.inflate(b, off, len);
                if (n > 0) return n;
                if (inf.finished()) {
                    in.seek(in.position() - inf.getRemaining()); // the next member starts where this one's data ended
                    skipExactly(8, "gzip trailer");
                    inf.reset();
                    inMember = false;
                    continue;
                }
                if (inf.needsInput()) fill();
                else if (inf.needsDictionary()) throw new IOException("gzip member needs a preset dictionary");
            } catch (DataFormatException e) {
                throw new IOException("bad deflate data: " + e.getMessage());
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) throw new IOException("gzip stream ends inside a member");
        inf.setInput(buf, 0, n);
    }

    /** Reads a member header; false at the end of the stream (end of input, zero padding or junk). */
    private boolean header() throws IOException {
        long start = in.position();
        int b0 = in.read();
        if (b0 < 0) return false;
        if (b0 == 0) { // zero padding after the last member
            int c = in.read();
            while (c == 0) c = in.read();
            if (c >= 0) in.seek(in.position() - 1);
            return false;
        }
        int b1 = in.read();
        if (b0 != 0x1f || b1 != 0x8b) {
            in.seek(start);
            return false;
        }
        int method = in.read();
        int flags = in.read();
        if (method != 8) throw new IOException("gzip member with compression method " + method);
        skipExactly(6, "gzip header");
        if ((flags & 4) != 0) {
            int lo = in.read(), hi = in.read();
            if (hi < 0) throw new IOException("gzip header ends early");
            skipExactly(lo | hi << 8, "gzip extra field");
        }
        if ((flags & 8) != 0) skipZeroTerminated();
        if ((flags & 16) != 0) skipZeroTerminated();
        if ((flags & 2) != 0) skipExactly(2, "gzip header CRC");
        inMember = true;
        return true;
    }

    private void skipZeroTerminated() throws IOException {
        for (int c; ; ) {
            c = in.read();
            if (c < 0) throw new IOException("gzip header ends early");
            if (c == 0) return;
        }
    }

    /** Reads (does not seek over) {@code n} bytes, so the bytes counted as read stay those a reader reads. */
    private void skipExactly(int n, String what) throws IOException {
        for (int i = 0; i < n; i++) {
            if (in.read() < 0) throw new IOException(what + " ends early");
        }
    }

    @Override
    public void close() {
        inf.end();
    }

    /**
     * A zlib stream as {@code zlib.decompress} reads it: bytes after the end of the stream are
     * ignored (and counted in {@code consumed[0]} as not part of it).
     */
    static final class Zlib extends InputStream {
        private final BoundedReader in;
        private final long[] consumed;
        private final Inflater inf = new Inflater();
        private final byte[] buf = new byte[1 << 16];

        Zlib(BoundedReader in, long[] consumed) {
            this.in = in;
            this.consumed = consumed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                while (true) {
                    if (inf.finished()) {
                        consumed[0] = in.position() - inf.getRemaining();
                        return -1;
                    }
                    int n = inf.inflate(b, off, len);
                    if (n > 0) return n;
                    if (inf.finished()) continue;
                    if (inf.needsDictionary()) throw new IOException("zlib stream needs a preset dictionary");
                    int r = in.read(buf, 0, buf.length);
                    if (r <= 0) throw new IOException("zlib stream ends early");
                    inf.setInput(buf, 0, r);
                }
            } catch (DataFormatException e) {
                throw new IOException("bad zlib data: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            inf.end();
        }
    }
}
