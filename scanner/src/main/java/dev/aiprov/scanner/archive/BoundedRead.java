package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.ScanException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a decompressing stream into memory in chunks, never past a cap, charging every chunk. */
public final class BoundedRead {

    /** Receives the count of decompressed bytes as they are produced (e.g. {@code ScanContext::chargeExpanded}). */
    @FunctionalInterface
    public interface Charge {
        void charge(long bytes, long offset);
    }

    private BoundedRead() {
    }

    /**
     * Reads {@code in} to its end. Throws {@link ScanException#limitExceeded} once more than
     * {@code maxBytes} come out; {@code offset} is where the compressed data starts (for findings).
     */
    public static byte[] readAll(InputStream in, long maxBytes, Charge charge, long offset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            total += n;
            if (total > maxBytes) throw ScanException.limitExceeded("decompressed member bytes", total, maxBytes, offset);
            if (charge != null) charge.charge(n, offset);
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
