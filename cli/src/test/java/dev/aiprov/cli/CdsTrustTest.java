package dev.aiprov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Class-data archives are mapped unverified: only a private directory and this user's own archives are trusted. */
class CdsTrustTest {
    @TempDir
    Path tmp;

    /** {@link Cds#trustedDir} for AIPROV_HOME {@code home} (the tests' aiprov.home property wins over the environment). */
    private static Path trusted(Path home) {
        String before = System.getProperty("aiprov.home");
        System.setProperty("aiprov.home", home.toString());
        try {
            return Cds.trustedDir(Map.of());
        } finally {
            if (before == null) System.clearProperty("aiprov.home");
            else System.setProperty("aiprov.home", before);
        }
    }

    @Test
    void theArchiveDirectoryIsCreatedOwnerOnlyAndTrusted() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = trusted(home);
        assertEquals(home.resolve("cds"), dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void aDirectoryOrHomeOthersCanWriteIsNotTrusted() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("shared"));
        Path cds = Files.createDirectory(home.resolve("cds"));
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(trusted(home), "a world-writable cds directory");
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwx---"));
        assertNull(trusted(home), "a group-writable home: the group could swap cds");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(cds, trusted(home));
    }

    @Test
    void anArchiveMustBeOwnedPrivateAndNotALink() throws Exception {
        Path a = Files.writeString(tmp.resolve("light-1-2.jsa"), "x");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
        assertTrue(Cds.ownedAndPrivate(a));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(Cds.ownedAndPrivate(a), "writable by others");
        Cds.ownerOnly(a);
        assertTrue(Cds.ownedAndPrivate(a), "ownerOnly restores rw-------");
        Path link = Files.createSymbolicLink(tmp.resolve("aiprov-1-2.jsa"), a);
        assertFalse(Cds.ownedAndPrivate(link), "a link to an archive is not an archive");
        assertFalse(Cds.ownedAndPrivate(tmp.resolve("missing.jsa")));
    }
}
