package dev.aiprov.scanner.formats.internal;

import java.util.ArrayList;
import java.util.List;

/** Reads the top-level fields of a protobuf message from the first bytes of a file, for accepts(). */
public final class ProtoProbe {
    private ProtoProbe() {
    }

    /** One top-level field: number, wire type, and for varints the value. */
    public record Field(int number, int wireType, long value) {
    }

    /**
     * The top-level fields that fit entirely in {@code head} (length-delimited ones may run past
     * it: such a field ends the list). Returns what was read before anything invalid.
     */
    public static List<Field> fields(byte[] head, int max) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < head.length && out.size() < max) {
            long tag = varint(head, pos);
            if (tag < 8 || tag > 0xFFFFFFFFL) break;
            int number = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            long value = 0;
            switch (wt) {
                case 0 -> {
                    value = varint(head, pos);
                    if (value < 0) return out;
                }
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    value = varint(head, pos);
                    if (value < 0) return out;
                    out.add(new Field(number, wt, value));
                    if (head.length - pos[0] < value) return out;
                    pos[0] += (int) value;
                    continue;
                }
                default -> {
                    return out;
                }
            }
            if (pos[0] > head.length) return out;
            out.add(new Field(number, wt, value));
        }
        return out;
    }

    /** Decodes a varint at pos[0]; -1 when it is truncated or longer than 10 bytes. */
    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) return -1;
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
        }
        return -1;
    }
}
