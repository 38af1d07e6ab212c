package dev.aiprov.scanner.archive;

/**
 * One central directory record, sizes and offset already widened from ZIP64 extra fields.
 * {@code rawName} is the name exactly as stored (miniz and torch compare bytes, not decoded text).
 */
public record ZipEntry(int index, String name, byte[] rawName, int flags, int method, long crc32,
                       long compressedSize, long size, long localHeaderOffset, long externalAttributes) {
    public static final int METHOD_STORED = 0;
    public static final int METHOD_DEFLATED = 8;

    public boolean encrypted() {
        return (flags & 0x1) != 0 || (flags & 0x40) != 0;
    }

    public boolean dataDescriptor() {
        return (flags & 0x8) != 0;
    }

    /** Unix mode bits (high half of the external attributes) say symbolic link: the content is its target. */
    public boolean symlink() {
        return ((externalAttributes >>> 16) & 0170000) == 0120000;
    }

    public boolean directory() {
        return name.endsWith("/");
    }
}
