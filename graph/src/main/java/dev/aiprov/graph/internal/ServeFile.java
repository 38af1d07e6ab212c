package dev.aiprov.graph.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code aiprov.serve} in the graph directory, written by {@code aiprov serve} (owner-only): the
 * server's pid and loopback Bolt port. Other aiprov processes on the same graph find the server
 * through it and authenticate with the store secret; a file whose process is gone is stale and ignored.
 */
public record ServeFile(long pid, int boltPort) {
    public static final String FILE = "aiprov.serve";

    /** The Unix-domain socket of {@code aiprov serve} (owner-only), on which it runs whole commands for thin clients. */
    public static final String SOCKET = "aiprov.sock";

    public static Path file(Path graphDir) {
        return graphDir.resolve(FILE);
    }

    public static Path socket(Path graphDir) {
        return graphDir.resolve(SOCKET);
    }

    /** Writes this server's file atomically, owner-only. */
    public void write(Path graphDir) throws IOException {
        OwnerFiles.write(file(graphDir), "pid=" + pid + "\nbolt.port=" + boltPort + "\n");
    }

    /** Deletes the file if it is still this server's. */
    public void remove(Path graphDir) {
        try {
            if (read(graphDir).filter(this::equals).isPresent()) Files.deleteIfExists(file(graphDir));
        } catch (IOException ignored) {
            // nothing left to do: readers ignore files of dead processes
        }
    }

    /** The server file, whether or not its process lives. */
    public static Optional<ServeFile> read(Path graphDir) {
        Path f = file(graphDir);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
            return Optional.of(new ServeFile(Long.parseLong(p.getProperty("pid", "").strip()),
                    Integer.parseInt(p.getProperty("bolt.port", "").strip())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // half-written or foreign: treat as absent
        }
    }

    /**
     * The server file of a running server; empty when there is none, or its process is gone (stale).
     * The file and the process must belong to this user: after a server was killed, its pid (and its
     * port) could be another user's, who must not receive the store secret.
     */
    public static Optional<ServeFile> live(Path graphDir) {
        String me = System.getProperty("user.name");
        return read(graphDir)
                .filter(s -> ownedBy(file(graphDir), me))
                .filter(s -> ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive)
                        .flatMap(p -> p.info().user()).map(me::equals).orElse(false));
    }

    private static boolean ownedBy(Path f, String user) {
        try {
            return Files.getOwner(f).getName().equals(user);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
