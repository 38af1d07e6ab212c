package dev.aiprov.scanner;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The per-installation key of the keyed hash (HMAC-SHA256) that findings carry for leaked secrets:
 * {@code $AIPROV_HOME/secret-hash.key}, 32 random bytes, owner-only (0600). Created atomically on
 * first use (written to a private temporary file, then hard-linked into place without replacing one a
 * concurrent process created first); read afterwards. The same key makes the same secret hash alike
 * in every scan of this installation; without it, a stored hash cannot be tested against guesses.
 */
public final class SecretHashKey {
    public static final String FILE_NAME = "secret-hash.key";
    static final int LENGTH = 32;

    private SecretHashKey() {
    }

    public static byte[] loadOrCreate(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        if (Files.exists(file)) return read(file);
        Files.createDirectories(home);
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        Path tmp = createPrivate(home);
        try {
            Files.write(tmp, key);
            try {
                Files.createLink(file, tmp); // atomic, and never replaces a key another process just created
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            return read(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return read(file);
    }

    private static Path createPrivate(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".secret-hash", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Path p = Files.createTempFile(dir, ".secret-hash", ".tmp");
            p.toFile().setReadable(false, false);
            p.toFile().setReadable(true, true);
            p.toFile().setWritable(false, false);
            p.toFile().setWritable(true, true);
            return p;
        }
    }

    private static byte[] read(Path file) throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length < LENGTH) throw new IOException("secret hash key " + file + " is shorter than " + LENGTH + " bytes");
        return key;
    }
}
