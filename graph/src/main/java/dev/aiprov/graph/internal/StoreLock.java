package dev.aiprov.graph.internal;

import dev.aiprov.graph.GraphException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which aiprov process holds an embedded graph: an OS lock on {@code aiprov.lock} in the graph
 * directory, holding that process's pid. Taken before Neo4j starts, so a second process fails at
 * once with the pid instead of after loading the database.
 */
final class StoreLock implements AutoCloseable {
    static final String FILE = "aiprov.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path graphDir) {
        Path f = graphDir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new GraphException("cannot open " + f + ": " + e.getMessage(), e);
        }
        try {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;   // held by this very process
            }
            if (l == null) {
                String pid = holder(ch);
                ch.close();
                throw new GraphException("graph " + graphDir + " is in use by PID " + pid
                        + " (start `aiprov serve` to share it)");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new StoreLock(ch, l);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw new GraphException("cannot lock " + f + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return s.matches("\\d+") ? s : "?";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }
}
