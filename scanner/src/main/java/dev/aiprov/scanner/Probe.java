package dev.aiprov.scanner;

import dev.aiprov.scanner.secrets.TextEncoding;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What dispatch knows before a detector runs: the name (for tie-breaks only), the size, the first
 * bytes (up to {@link #HEAD_BYTES}) and the last bytes (up to {@link #TAIL_BYTES}, for zip's end of
 * central directory). What several detectors ask of the head (its text encoding, the file name) is
 * worked out once per probe. Not thread-safe: one probe belongs to one dispatch.
 */
public final class Probe {
    public static final int HEAD_BYTES = 4096;
    public static final int TAIL_BYTES = 4096;

    private final String name;
    private final long size;
    private final byte[] head;
    private final byte[] tail;
    private String fileName;
    private TextEncoding text;
    private boolean textKnown;

    public Probe(String name, long size, byte[] head, byte[] tail) {
        this.name = name;
        this.size = size;
        this.head = head;
        this.tail = tail;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public byte[] head() {
        return head;
    }

    public byte[] tail() {
        return tail;
    }

    /** {@link TextEncoding#detect} of the head: null when the head is not text. */
    public TextEncoding textEncoding() {
        if (!textKnown) {
            text = TextEncoding.detect(head);
            textKnown = true;
        }
        return text;
    }

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
        if (fileName == null) {
            String n = name == null ? "" : name;
            int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('!'));
            fileName = n.substring(slash + 1).toLowerCase(Locale.ROOT);
        }
        return fileName;
    }

    public boolean nameEndsWith(String... suffixes) {
        String n = fileName();
        for (String s : suffixes) if (n.endsWith(s)) return true;
        return false;
    }
}
