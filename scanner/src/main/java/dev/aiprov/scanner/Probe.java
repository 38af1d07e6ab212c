package dev.aiprov.scanner;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What dispatch knows before a detector runs: the name (for tie-breaks only), the size, the first
 * bytes (up to {@link #HEAD_BYTES}) and the last bytes (up to {@link #TAIL_BYTES}, for zip's end of
 * central directory).
 */
public record Probe(String name, long size, byte[] head, byte[] tail) {
    public static final int HEAD_BYTES = 4096;
    public static final int TAIL_BYTES = 4096;

    public boolean startsWith(byte... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (head[i] != magic[i]) return false;
        return true;
    }

    public boolean startsWithAscii(String magic) {
        return startsWith(magic.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Lower-cased file name without directories. */
    public String fileName() {
        String n = name == null ? "" : name;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('!'));
        return n.substring(slash + 1).toLowerCase(Locale.ROOT);
    }

    public boolean nameEndsWith(String... suffixes) {
        String n = fileName();
        for (String s : suffixes) if (n.endsWith(s)) return true;
        return false;
    }
}
