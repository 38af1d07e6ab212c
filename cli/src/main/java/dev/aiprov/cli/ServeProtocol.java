package dev.aiprov.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format between a thin client and {@code aiprov serve} on the graph's Unix-domain socket.
 * Request: magic, version, the store secret, the client's working directory, its arguments and its
 * environment ({@code NAME=value}), each string as a length and UTF-8 bytes. Answer: frames of
 * {@link #OUT} or {@link #ERR} bytes, then {@link #EXIT} and the exit code.
 */
final class ServeProtocol {
    static final int MAGIC = 0x41495056;   // "AIPV"
    static final int VERSION = 1;
    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    /** Caps on what a request may hold (it comes from the same user, but a bad one must not take the server down). */
    static final int MAX_STRING = 1 << 20;
    static final int MAX_ITEMS = 10_000;

    private ServeProtocol() {
    }

    static void writeString(DataOutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    static void writeStrings(DataOutputStream o, List<String> list) throws IOException {
        o.writeInt(list.size());
        for (String s : list) writeString(o, s);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) throw new IOException("malformed request");
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IOException("truncated request");
        return new String(b, StandardCharsets.UTF_8);
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ITEMS) throw new IOException("malformed request");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(readString(in));
        return out;
    }

    /** An output stream that sends what is written to it as frames of one kind; frames of concurrent streams do not interleave. */
    static final class Frames extends OutputStream {
        private final DataOutputStream to;
        private final byte kind;

        Frames(DataOutputStream to, byte kind) {
            this.to = to;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            synchronized (to) {
                to.writeByte(kind);
                to.writeInt(len);
                to.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (to) {
                to.flush();
            }
        }
    }
}
