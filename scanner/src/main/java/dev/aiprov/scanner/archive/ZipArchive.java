package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A zip read the way torch (miniz) reads it: by the end-of-central-directory record and the central
 * directory, ZIP64 aware, never by scanning local headers. Only the central directory is read up
 * front; members are read on demand as slices of the source, so a multi-GB checkpoint costs its
 * directory and the members asked for. Entry count, directory size and name length are capped.
 */
public final class ZipArchive {
    public static final int MAX_NAME_BYTES = 4096;
    public static final long MAX_CENTRAL_DIRECTORY_BYTES = 64L << 20;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;
    private static final Charset CP437 = Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private final ByteSource source;
    private final List<ZipEntry> entries;

    private final long start;

    private ZipArchive(ByteSource source, List<ZipEntry> entries, long cdOffset) {
        this.source = source;
        this.entries = List.copyOf(entries);
        long first = cdOffset;
        for (ZipEntry e : entries) first = Math.min(first, e.localHeaderOffset());
        this.start = first;
    }

    /**
     * Where the archive's first record lies: bytes before it are a prefix (an image, a script, text)
     * that Python's zipfile skips, so the same file is also read as whatever that prefix says.
     */
    public long start() {
        return start;
    }

    public List<ZipEntry> entries() {
        return entries;
    }

    public ByteSource source() {
        return source;
    }

    /**
     * True when {@code tail} (the last bytes of a file of {@code size} bytes) holds an end of central
     * directory record whose directory fits before it, as zipfile finds it (the last signature wins).
     */
    public static boolean hasEndRecord(byte[] tail, long size) {
        long tailStart = size - tail.length;
        for (int i = tail.length - EOCD_SIZE; i >= 0; i--) {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) {
                long cdSize = u32(tail, i + 12);
                long cdOffset = u32(tail, i + 16);
                boolean zip64 = u16(tail, i + 10) == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL;
                return zip64 || cdOffset + cdSize <= tailStart + i;
            }
        }
        return false;
    }

    /** Reads the central directory. Throws {@link ScanException} on a malformed or oversized one. */
    public static ZipArchive open(ByteSource src, int maxEntries) throws IOException {
        long size = src.size();
        if (size < EOCD_SIZE) throw ScanException.truncated("zip end of central directory", size);
        int tailLen = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
        long tailStart = size - tailLen;
        byte[] tail = src.readFully(tailStart, tailLen);
        int eocd = -1;
        for (int i = tail.length - EOCD_SIZE; i >= 0; i--) {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw ScanException.malformed("no zip end of central directory record", size);
        long eocdPos = tailStart + eocd;
        long count = u16(tail, eocd + 10);
        long cdSize = u32(tail, eocd + 12);
        long cdOffset = u32(tail, eocd + 16);
        long endOfDirectory = eocdPos;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long[] z = zip64(src, eocdPos);
            if (z != null) {
                count = z[0];
                cdSize = z[1];
                cdOffset = z[2];
                endOfDirectory = eocdPos - 20 - 56;
            }
        }
        // zipfile: bytes in front of the archive shift every offset ("concat"); miniz reads them as
        // declared. Use the declared directory when it is there, else where zipfile finds it.
        long concat = endOfDirectory - cdSize - cdOffset;
        if (concat > 0 && cdSize >= 4 && cdOffset >= 0 && cdOffset + 4 <= src.size()) {
            byte[] sig = src.readFully(cdOffset, 4);
            if (sig.length == 4 && u32(sig, 0) == 0x02014b50L) concat = 0;
        }
        if (concat > 0) cdOffset += concat;
        else concat = 0;
        if (count > maxEntries) throw ScanException.limitExceeded("zip entries", count, maxEntries, eocdPos);
        if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) {
            throw ScanException.limitExceeded("zip central directory bytes", cdSize, MAX_CENTRAL_DIRECTORY_BYTES, eocdPos);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > eocdPos) {
            throw ScanException.malformed("zip central directory lies outside the file", eocdPos);
        }
        byte[] cd = src.readFully(cdOffset, (int) cdSize);
        if (cd.length != cdSize) throw ScanException.truncated("zip central directory", cdOffset);
        List<ZipEntry> entries = new ArrayList<>();
        int p = 0;
        while (entries.size() < count) {
            if (p + 46 > cd.length || u32(cd, p) != 0x02014b50L) {
                throw ScanException.malformed("bad central directory record " + entries.size(), cdOffset + p);
            }
            int flags = u16(cd, p + 8);
            int method = u16(cd, p + 10);
            long crc = u32(cd, p + 16);
            long csize = u32(cd, p + 20);
            long usize = u32(cd, p + 24);
            int nameLen = u16(cd, p + 28);
            int extraLen = u16(cd, p + 30);
            int commentLen = u16(cd, p + 32);
            long lho = u32(cd, p + 42);
            int next = p + 46 + nameLen + extraLen + commentLen;
            if (next > cd.length) throw ScanException.truncated("central directory record " + entries.size(), cdOffset + p);
            if (nameLen > MAX_NAME_BYTES) throw ScanException.limitExceeded("zip entry name bytes", nameLen, MAX_NAME_BYTES, cdOffset + p);
            byte[] raw = Arrays.copyOfRange(cd, p + 46, p + 46 + nameLen);
            long[] wide = {usize, csize, lho};
            widen(cd, p + 46 + nameLen, extraLen, wide);
            if (wide[0] < 0 || wide[1] < 0 || wide[2] < 0) throw ScanException.malformed("negative zip64 size", cdOffset + p);
            long external = u32(cd, p + 38);
            entries.add(new ZipEntry(entries.size(), decode(raw, flags), raw, flags, method, crc, wide[1], wide[0],
                    wide[2] + concat, external));
            p = next;
        }
        return new ZipArchive(src, entries, cdOffset);
    }

    private static long[] zip64(ByteSource src, long eocdPos) throws IOException {
        if (eocdPos < 20) return null;
        byte[] loc = src.readFully(eocdPos - 20, 20);
        if (loc.length < 20 || u32(loc, 0) != 0x07064b50L) return null;
        long recPos = u64(loc, 8);
        if (recPos < 0 || recPos > eocdPos - 56) throw ScanException.malformed("zip64 end record outside the file", eocdPos - 20);
        byte[] rec = src.readFully(recPos, 56);
        if (rec.length < 56 || u32(rec, 0) != 0x06064b50L) throw ScanException.malformed("bad zip64 end record", recPos);
        return new long[]{u64(rec, 32), u64(rec, 40), u64(rec, 48)};
    }

    /** Applies the ZIP64 extra field (0x0001) to whichever of size, compressed size, offset were saturated. */
    private static void widen(byte[] b, int off, int len, long[] wide) {
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int id = u16(b, p);
            int sz = u16(b, p + 2);
            int q = p + 4;
            if (q + sz > end) return;
            if (id == 0x0001) {
                int qe = q + sz;
                for (int i = 0; i < 3; i++) {
                    if (wide[i] == 0xffffffffL && q + 8 <= qe) {
                        wide[i] = u64(b, q);
                        q += 8;
                    }
                }
                return;
            }
            p = q + sz;
        }
    }

    private static String decode(byte[] raw, int flags) {
        return new String(raw, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : CP437);
    }

    /** The local header at the entry's offset, or null when there is no local header signature there. */
    public LocalHeader localHeader(ZipEntry e) throws IOException {
        byte[] h = source.readFully(e.localHeaderOffset(), 30);
        if (h.length < 30 || u32(h, 0) != 0x04034b50L) return null;
        int nameLen = u16(h, 26);
        int extraLen = u16(h, 28);
        byte[] raw = source.readFully(e.localHeaderOffset() + 30, nameLen);
        int flags = u16(h, 6);
        long[] wide = {u32(h, 22), u32(h, 18), -2};
        if (wide[0] == 0xffffffffL || wide[1] == 0xffffffffL) {
            byte[] extra = source.readFully(e.localHeaderOffset() + 30 + nameLen, extraLen);
            widen(extra, 0, extra.length, wide);
        }
        return new LocalHeader(decode(raw, flags), raw, flags, u16(h, 8), u32(h, 14), wide[1], wide[0],
                e.localHeaderOffset() + 30 + nameLen + extraLen);
    }

    /** The member's stored (possibly compressed) bytes, as miniz locates them: after the local header. */
    public ByteSource rawData(ZipEntry e) throws IOException {
        LocalHeader lh = localHeader(e);
        if (lh == null) throw ScanException.malformed("no local header for " + e.name(), e.localHeaderOffset());
        if (lh.dataOffset() + e.compressedSize() > source.size()) {
            throw ScanException.truncated("zip member " + e.name(), lh.dataOffset());
        }
        return source.slice(lh.dataOffset(), e.compressedSize());
    }

    /**
     * The member's content: a slice of the file when stored (nothing copied, nothing read yet), or
     * its inflated bytes when deflated, capped at {@code maxBytes} and charged to {@code charge}.
     * Other methods throw {@link ScanException} with rule {@code ZIP_UNSUPPORTED_COMPRESSION}.
     */
    public ByteSource open(ZipEntry e, long maxBytes, BoundedRead.Charge charge) throws IOException {
        ByteSource raw = rawData(e);
        if (e.method() == ZipEntry.METHOD_STORED) return raw;
        if (e.method() == ZipEntry.METHOD_DEFLATED) {
            Inflater inf = new Inflater(true);
            try (InflaterInputStream in = new InflaterInputStream(BoundedReader.stream(raw), inf, 1 << 16)) {
                return new ByteArraySource(BoundedRead.readAll(in, maxBytes, charge, e.localHeaderOffset()));
            } catch (java.util.zip.ZipException ex) {
                throw ScanException.malformed("bad deflate data in " + e.name() + ": " + ex.getMessage(), e.localHeaderOffset());
            } finally {
                inf.end();
            }
        }
        if (e.method() == METHOD_BZIP2 || e.method() == METHOD_LZMA) {
            // Python's zipfile (Keras, numpy.load) reads both, so a payload can hide behind them
            try (java.io.InputStream in = e.method() == METHOD_BZIP2
                    ? new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(BoundedReader.stream(raw))
                    : lzma(BoundedReader.stream(raw), e)) {
                return new ByteArraySource(BoundedRead.readAll(in, maxBytes, charge, e.localHeaderOffset()));
            } catch (IOException | RuntimeException ex) {
                if (ex instanceof ScanException se) throw se;
                throw ScanException.malformed("bad " + (e.method() == METHOD_BZIP2 ? "bzip2" : "LZMA") + " data in "
                        + e.name() + ": " + ex.getMessage(), e.localHeaderOffset());
            }
        }
        throw new ScanException(Rule.ZIP_UNSUPPORTED_COMPRESSION, "compression method " + e.method() + " of " + e.name()
                + " is not supported", e.localHeaderOffset());
    }

    /** Zip method 12 (bzip2) and 14 (LZMA, as Python's zipfile writes and reads it). */
    public static final int METHOD_BZIP2 = 12;
    public static final int METHOD_LZMA = 14;

    /** Zip's LZMA member: 2-byte version, 2-byte properties size, the 5-byte LZMA properties, raw LZMA1 data. */
    private static java.io.InputStream lzma(java.io.InputStream in, ZipEntry e) throws IOException {
        byte[] head = in.readNBytes(9);
        if (head.length < 9 || (head[2] & 0xff | (head[3] & 0xff) << 8) != 5) {
            throw ScanException.malformed("bad LZMA header in " + e.name(), e.localHeaderOffset());
        }
        int dict = head[5] & 0xff | (head[6] & 0xff) << 8 | (head[7] & 0xff) << 16 | (head[8] & 0xff) << 24;
        boolean endMarker = (e.flags() & 0x2) != 0;
        return new org.tukaani.xz.LZMAInputStream(in, endMarker ? -1 : e.size(), head[4], dict);
    }

    /** CRC-32 of a member's content (read in chunks). */
    public static long crc32(ByteSource content) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        for (long p = 0; p < content.size(); ) {
            int n = content.read(p, buf, 0, (int) Math.min(buf.length, content.size() - p));
            if (n <= 0) break;
            crc.update(buf, 0, n);
            p += n;
        }
        return crc.getValue();
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xffffffffL;
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) | u32(b, p + 4) << 32;
    }
}
