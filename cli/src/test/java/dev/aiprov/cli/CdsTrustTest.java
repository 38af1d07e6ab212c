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
    void ourOwnLooseDirectoryIsTightenedAndAHomeOthersCanWriteIsNotTrusted() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("shared"));
        Path cds = Files.createDirectory(home.resolve("cds"));
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(cds, trusted(home), "this user's own cds directory, left loose, is tightened");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cds)));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(trusted(home), "a home anyone can write: anyone could swap cds");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(cds, trusted(home));
    }

    @Test
    void aDirectoryOrHomeOfSomeoneElseIsNotTrusted() throws Exception {
        var lookup = tmp.getFileSystem().getUserPrincipalLookupService();
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give files away");
        Path home = Files.createDirectory(tmp.resolve("theirs"));
        Path cds = Files.createDirectory(home.resolve("cds"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(cds, lookup.lookupPrincipalByName("nobody"));
        assertNull(trusted(home), "a cds directory planted by another user");
        Files.setOwner(cds, lookup.lookupPrincipalByName("root"));
        assertEquals(cds, trusted(home));
        // a group-writable home is fine when the group is the user's own, not when it is shared
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(cds, trusted(home), "the user's own group (root)");
        Files.getFileAttributeView(home, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName("daemon"));
        assertNull(trusted(home), "a group-writable home of a shared group");
        Path archive = Files.writeString(cds.resolve("light-1-2.jsa"), "x");
        Files.setOwner(archive, lookup.lookupPrincipalByName("nobody"));
        assertEquals(Cds.ArchiveState.REFUSE, Cds.archiveState(archive), "someone else's archive is neither used nor replaced");
        assertTrue(Files.exists(archive));
    }

    @Test
    void aLooseArchiveOfOursIsWrittenAfreshAndAMissingOneWritten() throws Exception {
        Path a = Files.writeString(tmp.resolve("aiprov-1-2.jsa"), "x");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Cds.ArchiveState.USE, Cds.archiveState(a));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(Cds.ArchiveState.WRITE, Cds.archiveState(a), "others could have written it: not used");
        assertFalse(Files.exists(a), "deleted, to be written afresh");
        assertEquals(Cds.ArchiveState.WRITE, Cds.archiveState(a));
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
