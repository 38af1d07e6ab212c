package dev.aiprov.scanner.io;

import dev.aiprov.scanner.ScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundedReaderTest {

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    @Test
    void readsLittleEndianValuesAndBytes() throws Exception {
        BoundedReader in = new BoundedReader(new ByteArraySource(new byte[]{
                1, 0, 0, 0,                 // u32 1
                (byte) 0xff, 0, 0, 0, 0, 0, 0, (byte) 0x80, // u64 0x80000000000000ff
                'h', 'i'}), 0, null);
        assertEquals(1, in.u32("a"));
        assertEquals(0x80000000000000ffL, in.u64("b"));
        assertEquals("hi", in.utf8(2, "c"));
        assertEquals(0, in.remaining());
        assertEquals(-1, in.read());
    }

    @Test
    void aDeclaredLengthBeyondTheBytesIsTruncatedAndNegativeIsMalformed() {
        BoundedReader in = new BoundedReader(new ByteArraySource(new byte[16]), 4, null);
        ScanException big = assertThrows(ScanException.class, () -> in.bytes(Integer.MAX_VALUE, "tensor name"));
        assertEquals(ScanException.Failure.TRUNCATED, big.failure());
        assertEquals(4, big.offset());
        assertEquals(ScanException.Failure.MALFORMED, assertThrows(ScanException.class, () -> in.skip(-1, "x")).failure());
        assertEquals(ScanException.Failure.TRUNCATED, assertThrows(ScanException.class, () -> in.skip(13, "x")).failure());
    }

    @Test
    void staysInsideItsRange() throws Exception {
        BoundedReader in = new BoundedReader(new ByteArraySource(counting(100)), 10, 5, BoundedReader.WINDOW, null);
        byte[] b = new byte[50];
        assertEquals(5, in.read(b, 0, 50));
        assertEquals(14, b[4]);
        assertEquals(-1, in.read(b, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> in.seek(9));
    }

    @Test
    void aStreamCostsWhatItConsumesAndSkipsWithoutReading() throws Exception {
        ByteArraySource src = new ByteArraySource(counting(1 << 20));
        InputStream s = BoundedReader.stream(src);
        byte[] b = new byte[4096];
        assertEquals(4096, s.read(b));
        assertEquals((1 << 20) - 8192, s.skip((1 << 20) - 8192));
        assertEquals(4096, s.read(b));
        assertEquals(-1, s.read(b));
        assertEquals(8192, src.bytesRead());
    }

    @Test
    void aSeekBackWithinTheLastReadIsServedFromMemory() throws Exception {
        ByteArraySource src = new ByteArraySource(counting(1000));
        BoundedReader in = new BoundedReader(src, 0, null);
        byte[] b = new byte[600];
        assertEquals(600, in.read(b, 0, 600));
        in.seek(590);
        assertEquals(590 & 0xff, in.read());
        assertEquals(600, src.bytesRead());
    }

    /** A file that shrinks after it was opened: the reads fail clearly instead of coming back short. */
    @Test
    void aSourceThatEndsBeforeItsSizeFailsInsteadOfReadingShort(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("shrinks.bin"), counting(1000));
        try (FileSource src = new FileSource(f)) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(500);
            }
            assertArrayEquals(counting(100), src.readFully(0, 100));
            assertThrows(EOFException.class, () -> src.readFully(400, 200));
            assertThrows(EOFException.class, () -> new BoundedReader(src, 0, null).bytes(600, "data"));
            assertEquals(0, src.readFully(1000, 10).length, "past the declared end: clipped, not an error");
        }
    }
}
