package dev.aiprov.scanner.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Synthetic model files for the benchmark (and tests): torch-style state-dict pickles written
 * opcode by opcode, and a ZIP64 torch checkpoint whose tensor member is written sparsely, so a
 * multi-GB file costs a few milliseconds to create and almost no disk.
 */
public final class Corpus {
    private Corpus() {
    }

    /** A protocol 2 pickle of an OrderedDict of {@code tensors} torch tensors, as torch.save writes data.pkl. */
    public static byte[] stateDictPickle(int tensors, long elementsEach) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x80);
        o.write(2);
        global(o, "collections", "OrderedDict");
        o.write(')');
        o.write('R');
        o.write('(');
        for (int i = 0; i < tensors; i++) {
            unicode(o, "layer" + i + ".weight");
            global(o, "torch._utils", "_rebuild_tensor_v2");
            o.write('(');
            o.write('(');
            unicode(o, "storage");
            global(o, "torch", "FloatStorage");
            unicode(o, Integer.toString(i));
            unicode(o, "cpu");
            binint(o, (int) Math.min(Integer.MAX_VALUE, elementsEach));
            o.write('t');
            o.write('Q');
            binint(o, 0);
            binint(o, (int) Math.min(Integer.MAX_VALUE, elementsEach));
            o.write(0x85);
            binint(o, 1);
            o.write(0x85);
            o.write(0x89);
            global(o, "collections", "OrderedDict");
            o.write(')');
            o.write('R');
            o.write('t');
            o.write('R');
        }
        o.write('u');
        o.write('.');
        return o.toByteArray();
    }

    /** A tiny protocol 2 pickle calling {@code module.name('id')}. */
    public static byte[] reducePickle(String module, String name) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x80);
        o.write(2);
        global(o, module, name);
        unicode(o, "id");
        o.write(0x85);
        o.write('R');
        o.write('.');
        return o.toByteArray();
    }

    /** A float32 .npy of {@code n} elements. */
    public static byte[] npy(int n) {
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
        StringBuilder sb = new StringBuilder(h);
        while ((10 + sb.length() + 1) % 64 != 0) sb.append(' ');
        sb.append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length);
        b.put(header);
        for (int i = 0; i < n; i++) b.putFloat(i);
        return b.array();
    }

    private static void global(ByteArrayOutputStream o, String module, String name) {
        o.write('c');
        o.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void unicode(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write('X');
        o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        o.writeBytes(b);
    }

    private static void binint(ByteArrayOutputStream o, int v) {
        o.write('J');
        o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    /**
     * Writes a ZIP64 torch checkpoint: {@code archive/data.pkl}, {@code archive/version} and one stored
     * tensor member {@code archive/data/0} of {@code tensorBytes} zero bytes, skipped with a sparse
     * write. The tensor's CRC is left 0 (nothing here reads it).
     */
    public static void sparseTorchZip(Path file, byte[] dataPkl, long tensorBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteArrayOutputStream cd = new ByteArrayOutputStream();
            long pos = 0;
            Object[][] members = {{"archive/data.pkl", dataPkl, (long) dataPkl.length},
                    {"archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), 2L},
                    {"archive/data/0", null, tensorBytes}};
            int count = 0;
            for (Object[] m : members) {
                String name = (String) m[0];
                byte[] data = (byte[]) m[1];
                long size = (Long) m[2];
                long crc = 0;
                if (data != null) {
                    CRC32 c = new CRC32();
                    c.update(data);
                    crc = c.getValue();
                }
                byte[] nb = name.getBytes(StandardCharsets.UTF_8);
                ByteBuffer lh = le(30 + nb.length + 20);
                lh.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0)
                        .putInt((int) crc).putInt(-1).putInt(-1).putShort((short) nb.length).putShort((short) 20);
                lh.put(nb).putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
                long lho = pos;
                pos += write(ch, lh, pos);
                if (data != null) pos += write(ch, ByteBuffer.wrap(data), pos);
                else pos += size; // sparse: nothing written
                ByteBuffer c = le(46 + nb.length + 28);
                c.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0)
                        .putInt(0).putInt((int) crc).putInt(-1).putInt(-1).putShort((short) nb.length)
                        .putShort((short) 28).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(-1);
                c.put(nb).putShort((short) 1).putShort((short) 24).putLong(size).putLong(size).putLong(lho);
                cd.writeBytes(c.array());
                count++;
            }
            long cdOffset = pos;
            pos += write(ch, ByteBuffer.wrap(cd.toByteArray()), pos);
            long z64 = pos;
            ByteBuffer e64 = le(56 + 20 + 22);
            e64.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(count).putLong(count).putLong(cd.size()).putLong(cdOffset);
            e64.putInt(0x07064b50).putInt(0).putLong(z64).putInt(1);
            e64.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                    .putInt(-1).putInt(-1).putShort((short) 0);
            write(ch, e64, pos);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the whole backing array of {@code full} (every buffer here is filled to capacity). */
    private static int write(FileChannel ch, ByteBuffer full, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(full.array(), 0, full.capacity());
        int n = 0;
        while (b.hasRemaining()) n += ch.write(b, pos + n);
        return n;
    }
}
