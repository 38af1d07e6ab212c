package dev.aiprov.scanner.archive;

/**
 * A local file header as found at the offset the central directory gives. {@code dataOffset} is
 * where the member's bytes start, computed from the local name and extra lengths as miniz does.
 */
public record LocalHeader(String name, byte[] rawName, int flags, int method, long crc32, long compressedSize,
                          long size, long dataOffset) {
}
