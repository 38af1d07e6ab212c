package dev.aiprov.scanner.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one reader for files a user names and aiprov parses whole (manifests, policy files,
 * allowlists): symlinks are resolved, then only a regular file is opened (a device such as
 * {@code /dev/zero} or a FIFO is refused before {@code open}, so nothing hangs), and at most
 * {@code maxBytes} are read, whatever the file claims. Every refusal is an {@link IOException}
 * whose message is one line naming the file, ready to print.
 */
public final class UserFiles {
    /** Default cap for configuration-sized files (manifests, policies, allowlists). */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    private UserFiles() {
    }

    /** The bytes of {@code path}, which must resolve to a regular file of at most {@code maxBytes}. */
    public static byte[] read(Path path, long maxBytes) throws IOException {
        Path real = checkedRegular(path);
        long size = Files.size(real);
        if (size > maxBytes) throw tooLarge(path, size, maxBytes);
        try (InputStream in = Files.newInputStream(real)) {
            // read one byte past the cap: a file that grew since the check is still refused, never buffered
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) throw tooLarge(path, b.length, maxBytes);
            return b;
        }
    }

    /** {@link #read} decoded as strict UTF-8 (a byte-order mark is dropped). */
    public static String readText(Path path, long maxBytes) throws IOException {
        byte[] b = read(path, maxBytes);
        int start = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, start, b.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(path + ": not UTF-8 text");
        }
    }

    /**
     * Resolves symlinks and checks the target's type without opening it. Returns the resolved path.
     * (A file swapped for a FIFO between this check and the open is a race this cannot close from Java;
     * it needs write access to the directory, which already means the user's own files are not theirs.)
     */
    public static Path checkedRegular(Path path) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file" + (Files.isSymbolicLink(path) ? " (dangling symlink)" : ""));
        } catch (IOException e) {
            throw new IOException(path + ": cannot read (" + oneLine(e) + ")");
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        if (a.isRegularFile()) return real;
        String what = a.isDirectory() ? "a directory" : "a device, FIFO or socket";
        String via = real.equals(path.toAbsolutePath().normalize()) ? "" : " (via symlink to " + real + ")";
        throw new IOException(path + ": not a regular file, it is " + what + via);
    }

    private static IOException tooLarge(Path path, long size, long max) {
        return new IOException(path + ": file too large (" + size + " bytes or more; the limit is " + max + " bytes)");
    }

    private static String oneLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
