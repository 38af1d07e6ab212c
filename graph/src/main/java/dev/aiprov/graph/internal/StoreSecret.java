package dev.aiprov.graph.internal;

import dev.aiprov.graph.GraphException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-store Bolt password of an embedded graph: 32 random bytes in {@code aiprov.secret} in the
 * graph directory, readable only by the owner (0600). Every aiprov process on that graph, including
 * one talking to {@code aiprov serve}, authenticates with it; it is never printed or logged.
 */
public final class StoreSecret {
    public static final String FILE = "aiprov.secret";
    public static final String USER = "neo4j";

    private StoreSecret() {
    }

    public static Path file(Path graphDir) {
        return graphDir.resolve(FILE);
    }

    /** The secret, or null when the store has none yet (new, or made by a version without auth). */
    public static String read(Path graphDir) {
        Path f = file(graphDir);
        if (!Files.exists(f)) return null;
        try {
            String s = Files.readString(f, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            throw new GraphException("cannot read the graph secret " + f + ": " + e.getMessage(), e);
        }
    }

    /** Makes a new random secret and stores it owner-only. Only the process holding the store lock calls this. */
    static String create(Path graphDir) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        try {
            OwnerFiles.write(file(graphDir), secret + "\n");
        } catch (IOException e) {
            throw new GraphException("cannot write the graph secret " + file(graphDir) + ": " + e.getMessage(), e);
        }
        return secret;
    }
}
