package dev.aiprov.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Class-data sharing for graph commands (issue 15.3). Starting the embedded database loads ~15,000
 * classes from a 72,000-entry jar; a dynamic AppCDS archive lets the JVM map them instead. The
 * archive lives in {@code $AIPROV_HOME/cds}, named after the jar's size and time, and is made once
 * in the background, after the first graph command finished, by a training run ({@code aiprov cds-train} under
 * {@code -XX:ArchiveClassesAtExit}). A graph command started by {@code java -jar aiprov.jar} without
 * the archive re-runs itself with it (one small JVM start against seconds of class loading);
 * {@code bin/aiprov} passes it directly. {@code AIPROV_CDS=off} turns all of this off.
 */
final class Cds {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** Set to "child" in a JVM that already runs with the archive, "train" in the training run. */
    static final String PROPERTY = "aiprov.cds";

    private Cds() {
    }

    /** The jar this class was loaded from, or null (classes directory: tests, IDE). */
    static Path jar() {
        try {
            Path p = Path.of(Cds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code DIR/KIND-SIZE-MTIME.jsa}: one archive per jar (bin/aiprov names them the same way). */
    private static Path archive(Path dir, String kind, Path jar) throws IOException {
        return dir.resolve(kind + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.SECONDS) + ".jsa");
    }

    /**
     * Before a graph command starts the embedded database: with the archive, returns the exit code
     * of the same command re-run with it; without, starts making it in the background and returns null
     * (run here as usual).
     */
    static Integer relaunch(Map<String, String> env) {
        String[] args = Main.launchArgs;
        Path jar = jar();
        if (args == null || jar == null || System.getProperty(PROPERTY) != null
                || "off".equalsIgnoreCase(env.getOrDefault("AIPROV_CDS", ""))) {
            return null;
        }
        try {
            Path dir = trustedDir(env);
            if (dir == null) return null;   // see trustedDir: no archive here
            Path archive = archive(dir, "aiprov", jar);
            if (archiveState(archive) == ArchiveState.REFUSE) return null;
            if (!Files.isRegularFile(archive) && !adoptFinished(archive)) {
                pending = () -> {
                    try {
                        train(jar, archive);
                    } catch (IOException ignored) {
                        // no archive this time; the next graph command tries again
                    }
                };
                return null;
            }
            List<String> cmd = java();
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-D" + PROPERTY + "=child"));
            cmd.addAll(aiprovProperties());
            cmd.addAll(List.of("-jar", jar.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            // SIGTERM/Ctrl-C to us: pass it on and keep waiting, so the graph shuts down cleanly and
            // the exit code is the command's own (e.g. 0 for a scheduled crawl stopped by SIGTERM)
            Signals.onTerminate(p::destroy);
            return p.waitFor();
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return null;   // no archive, no relaunch: run here
        }
    }

    /**
     * The archive directory {@code $AIPROV_HOME/cds}, created owner-only, or null when it cannot be
     * trusted. A class-data archive is mapped into the JVM without bytecode verification: whoever can
     * write one can run code as the user who maps it. So archives live only in a {@code cds}
     * directory of this user that no one else can write (tightened to {@code rwx------} when an older
     * aiprov or a 002 umask left it looser), under a home that is this user's and that others cannot
     * write (group-writable only when the group is the user's own, the user-private-group
     * convention): a shared {@code AIPROV_HOME} such as {@code /tmp/aiprov} must not let another
     * local user plant an archive.
     */
    static Path trustedDir(Map<String, String> env) {
        Path home = GraphOptions.home(env);
        Path dir = home.resolve("cds");
        try {
            Files.createDirectories(home);
            if (!homeSafe(home.toRealPath())) return null;
            if (!Files.exists(dir, NOFOLLOW)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made by another aiprov at the same moment: checked below like any existing one
                } catch (UnsupportedOperationException noPosix) {
                    Files.createDirectories(dir);
                }
            }
            if (owned(dir) && !Files.isSymbolicLink(dir)) restrict(dir, "rwx------");
            return ownedAndPrivate(dir) ? dir : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What to do with an archive path: map it, write it, or stay away from it. */
    enum ArchiveState { USE, WRITE, REFUSE }

    /**
     * An archive that is this user's and private is used; a missing one is written; one of this
     * user's that others could have written to is deleted and written afresh; anyone else's (or a
     * link) is left alone and class-data sharing is off for this run.
     */
    static ArchiveState archiveState(Path archive) {
        if (!Files.exists(archive, NOFOLLOW)) return ArchiveState.WRITE;
        if (ownedAndPrivate(archive) && Files.isRegularFile(archive, NOFOLLOW)) return ArchiveState.USE;
        if (owned(archive) && !Files.isSymbolicLink(archive)) {
            try {
                Files.delete(archive);
                return ArchiveState.WRITE;
            } catch (IOException e) {
                return ArchiveState.REFUSE;
            }
        }
        return ArchiveState.REFUSE;
    }

    /** rw------- on a file this user made (the JVM writes archives with the umask's mode). */
    static void ownerOnly(Path p) {
        restrict(p, "rw-------");
    }

    private static void restrict(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException | UnsupportedOperationException e) {
            // checked by ownedAndPrivate before use
        }
    }

    private static boolean owned(Path p) {
        try {
            return Files.getOwner(p, NOFOLLOW).getName().equals(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Owned by the user this JVM runs as, not a link, and not writable by group or others (POSIX; elsewhere: owner only). */
    static boolean ownedAndPrivate(Path p) {
        if (Files.isSymbolicLink(p) || !owned(p)) return false;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, NOFOLLOW);
            return !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException noPosix) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The home: this user's, not writable by others, and by its group only when that group is the user's own. */
    static boolean homeSafe(Path home) {
        if (!owned(home)) return false;
        try {
            PosixFileAttributes a = Files.readAttributes(home, PosixFileAttributes.class, NOFOLLOW);
            if (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) return false;
            return !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.group().getName().equals(System.getProperty("user.name"));
        } catch (UnsupportedOperationException noPosix) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes archives half-written by scans that were killed (older than ten minutes). */
    private static void sweep(Path dir) {
        long before = System.currentTimeMillis() - 600_000;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".light-")).toList()) {
                if (owned(p) && Files.getLastModifiedTime(p, NOFOLLOW).toMillis() < before) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // only tidying
        }
    }

    /** JVM options a re-run passes on: heap and stack sizes, and system properties. */
    private static final java.util.regex.Pattern PASSED_ON = java.util.regex.Pattern.compile(
            "-Xm[sx]\\d+[kKmMgGtT]?|-Xss\\d+[kKmMgG]?|-XX:(Max|Initial|Min)RAMPercentage=[\\d.]+|-D[^=]+(=.*)?");

    /** The pid of the process that re-ran this one ({@link #watchParent}). */
    static final String PARENT = "aiprov.parent";

    /** In a re-run: exits when the process that started it is gone (it would otherwise scan on, orphaned). */
    static void watchParent() {
        String pid = System.getProperty(PARENT);
        if (pid == null || !pid.matches("\\d{1,19}")) return;
        ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ExitCodes.FAILURE)),
                () -> Runtime.getRuntime().halt(ExitCodes.FAILURE));
    }

    /** Set by {@code bin/aiprov}, which already chose the JVM's flags: no re-run. */
    static final String LAUNCHER = "aiprov.launcher";

    /**
     * {@code scan} of a directory (or of many files) started by plain {@code java -jar}: re-runs itself
     * the way {@code bin/aiprov} runs it (C1 only, the serial collector, and the scan's own small
     * class-data archive, {@code $AIPROV_HOME/cds/light-SIZE-MTIME.jsa}, which the first such run
     * writes at its exit). A scan of thousands of files then spends its CPU scanning instead of
     * C2-compiling: one extra JVM start (~0.2 s) against seconds. Only a JVM started with nothing but
     * heap sizes and system properties re-runs (those are passed on): a collector, an agent, a debug
     * port, logging or sharing options of the user's, or {@code JAVA_TOOL_OPTIONS}/{@code
     * JDK_JAVA_OPTIONS}, could clash with the re-run's flags or be applied twice, so such a scan runs
     * here as before. Returns the re-run's exit code, or null to scan here.
     */
    static Integer relaunchScan(Map<String, String> env) {
        String[] args = Main.launchArgs;
        Path jar = jar();
        if (args == null || jar == null || System.getProperty(PROPERTY) != null || System.getProperty(LAUNCHER) != null
                || "off".equalsIgnoreCase(env.getOrDefault("AIPROV_CDS", ""))
                || !env.getOrDefault("JAVA_TOOL_OPTIONS", "").isBlank() || !env.getOrDefault("JDK_JAVA_OPTIONS", "").isBlank()) {
            return null;
        }
        Process p;
        Path archive;
        Path writing = null;
        try {
            List<String> passOn = new ArrayList<>();
            for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!PASSED_ON.matcher(a).matches()) return null;   // an option of the user's this re-run might break
                if (!a.startsWith("-D" + PROPERTY + "=")) passOn.add(a);
            }
            Path dir = trustedDir(env);
            if (dir == null) return null;   // no archive to trust: scan here, as before
            archive = archive(dir, "light", jar);
            List<String> cmd = java();
            cmd.addAll(passOn);
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            switch (archiveState(archive)) {
                case USE -> cmd.add("-XX:SharedArchiveFile=" + archive);
                case WRITE -> {
                    sweep(dir);
                    // a name no other JVM writes to (pids repeat across containers sharing a home)
                    writing = dir.resolve(".light-" + ProcessHandle.current().pid() + "-"
                            + Long.toHexString(new java.security.SecureRandom().nextLong()) + ".jsa");
                    cmd.add("-XX:ArchiveClassesAtExit=" + writing);
                }
                case REFUSE -> {
                    // someone else's file where the archive goes: no class-data sharing this time
                }
            }
            // the re-run ends if this process dies without passing a signal on (SIGKILL, a CI cancel)
            cmd.add("-D" + PARENT + "=" + ProcessHandle.current().pid());
            cmd.addAll(List.of("-D" + PROPERTY + "=child", "-jar", jar.toString()));
            cmd.addAll(List.of(args));
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return null;   // not started: scan here
        }
        // from here on the scan is the child's: never run it a second time in this process
        Signals.onTerminate(p::destroy);
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
        if (writing != null) {
            try {
                if (Files.isRegularFile(writing) && Files.size(writing) > 0) {
                    ownerOnly(writing);
                    Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(writing);
                }
            } catch (IOException ignored) {
                // no archive this time; the next scan writes it
            }
        }
        return rc;
    }

    private static volatile Runnable pending;

    /** After the command that found no archive: start the training run now, not competing with that command. */
    static void afterCommand() {
        Runnable r = pending;
        pending = null;
        if (r != null) r.run();
    }

    private static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    private static List<String> aiprovProperties() {
        List<String> out = new ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("aiprov.") && !name.equals(PROPERTY)) out.add("-D" + name + "=" + System.getProperty(name));
        }
        return out;
    }

    /**
     * A training run works in {@code cds/train*} (its pid in {@code pid}, the archive written to
     * {@code archive.jsa} when it exits): once its process is gone, its archive becomes the archive.
     */
    private static boolean adoptFinished(Path archive) throws IOException {
        Path dir = archive.getParent();
        if (!Files.isDirectory(dir)) return false;
        boolean adopted = false;
        for (Path work : trainings(dir)) {
            if (training(work)) continue;
            Path made = work.resolve("archive.jsa");
            if (!adopted && Files.isRegularFile(made, NOFOLLOW) && Files.size(made) > (1L << 20)) {
                ownerOnly(made);
                if (ownedAndPrivate(made)) {
                    Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE);
                    adopted = true;
                }
            }
            BenchCommand.deleteTree(work);
        }
        return adopted;
    }

    private static List<Path> trainings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("train") && Files.isDirectory(p)).toList();
        }
    }

    /** Whether the training run in {@code work} still runs (a fresh one may not have written its pid yet). */
    private static boolean training(Path work) throws IOException {
        Path pid = work.resolve("pid");
        if (!Files.isRegularFile(pid)) {
            return Files.getLastModifiedTime(work).toMillis() > System.currentTimeMillis() - 600_000;
        }
        String s = Files.readString(pid).strip();
        return s.matches("\\d+") && ProcessHandle.of(Long.parseLong(s)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts the training run in the background, unless one runs. */
    private static void train(Path jar, Path archive) throws IOException {
        Path dir = Files.createDirectories(archive.getParent());
        for (Path work : trainings(dir)) if (training(work)) return;
        Path work = Files.createTempDirectory(dir, "train");
        List<String> cmd = java();
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + work.resolve("archive.jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-D" + PROPERTY + "=train", "-jar", jar.toString(), "cds-train", work.toString()));
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }
}
