package dev.aiprov.scanner;

import dev.aiprov.scanner.secrets.Redaction;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@link Scanner#scanPaths} has to do for one root: regular files to scan, and results known
 * without reading anything (symlinks, special files, directories that cannot be listed). Symlinks
 * inside a walk are never followed; one unreadable directory does not stop the walk.
 */
final class Walk extends SimpleFileVisitor<Path> {
    /** A file to scan ({@code result} null) or a ready result. */
    record Item(Path file, String display, FileResult result) {
    }

    private final Path root;
    private final Path start;
    private final Path realRoot;
    private final List<Item> items = new ArrayList<>();

    private Walk(Path root, Path start, Path realRoot) {
        this.root = root;
        this.start = start;
        this.realRoot = realRoot;
    }

    /** The items under {@code root}, in path order. {@code root} itself is followed when it is a link: the user named it. */
    static List<Item> of(Path root) {
        String shown = root.toString();
        BasicFileAttributes a;
        Path real;
        try {
            a = Files.readAttributes(root, BasicFileAttributes.class);
            real = root.toRealPath();
        } catch (NoSuchFileException e) {
            return List.of(ready(Scanner.unjudged(shown, Files.isSymbolicLink(root)
                    ? "symlink to a missing target" : "no such file or directory")));
        } catch (IOException e) {
            return List.of(ready(Scanner.unjudged(shown, "cannot read: " + reason(e))));
        }
        if (a.isRegularFile()) return List.of(new Item(root, shown, null));
        if (!a.isDirectory()) {
            return List.of(ready(Scanner.unjudged(shown, "not a regular file or directory (a device, FIFO or socket); not read")));
        }
        Walk w = new Walk(root, Files.isSymbolicLink(root) ? real : root, real);
        try {
            Files.walkFileTree(w.start, w);
        } catch (IOException | RuntimeException e) {
            w.items.add(ready(Scanner.unjudged(shown, "cannot walk directory: " + reason(e))));
        }
        w.items.sort(Comparator.comparing(Item::display));
        return w.items;
    }

    @Override
    public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            Path blob = cacheBlob(p);
            items.add(blob != null ? new Item(blob, display(p), null) : ready(link(p)));
        } else if (attrs.isRegularFile()) {
            items.add(new Item(p, display(p), null));
        } else if (attrs.isOther()) {
            items.add(ready(note(p, Rule.SPECIAL_FILE_SKIPPED, Severity.INFO,
                    "a device, FIFO or socket, not a file; not read", "")));
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path p, IOException e) {
        items.add(ready(Scanner.unjudged(display(p), "cannot read directory: " + reason(e))));
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null) items.add(ready(Scanner.unjudged(display(dir), "cannot read directory: " + reason(e))));
        return FileVisitResult.CONTINUE;
    }

    /**
     * The blob a Hugging Face cache snapshot entry points to ({@code models--org--name/snapshots/REV/f ->
     * ../../blobs/HASH}), or null. That layout is the one exception to "links are not followed": the target
     * must be a regular file inside the {@code blobs} folder of the same cache repo, so the walk still never
     * leaves the cache repo, and the file is scanned under the name a loader uses.
     */
    static Path cacheBlob(Path link) {
        try {
            Path dir = link.toAbsolutePath().getParent().toRealPath();
            for (Path d = dir; d != null && d.getParent() != null; d = d.getParent()) {
                Path fileName = d.getFileName();
                Path repo = d.getParent();
                if (fileName != null && fileName.toString().equals("snapshots") && repo.getFileName() != null
                        && CACHE_REPO.matcher(repo.getFileName().toString()).matches()) {
                    Path target = link.toRealPath();
                    Path blobs = repo.resolve("blobs");
                    return target.startsWith(blobs) && Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            ? target : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static final java.util.regex.Pattern CACHE_REPO = java.util.regex.Pattern.compile("(models|datasets|spaces)--[^/]+");

    private FileResult link(Path p) {
        String target;
        try {
            target = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            target = "?";
        }
        Path resolved;
        try {
            resolved = p.toRealPath();
        } catch (IOException e) {
            return note(p, Rule.SYMLINK_DANGLING, Severity.LOW, "symlink to a missing target; not followed", target);
        }
        if (resolved.startsWith(realRoot)) {
            return note(p, Rule.SYMLINK_NOT_FOLLOWED, Severity.INFO,
                    "symlink inside the scanned tree; not followed (its target is scanned where it stands)", target);
        }
        return note(p, Rule.SYMLINK_OUT_OF_TREE, Severity.MEDIUM,
                "symlink points outside the scanned tree; not followed, so what it points to was not scanned", target);
    }

    private FileResult note(Path p, Rule rule, Severity severity, String message, String evidence) {
        Finding f = Finding.of(rule, severity, message, Location.at(-1), Redaction.redact(evidence));
        return new FileResult(display(p), rule == Rule.SPECIAL_FILE_SKIPPED ? "special" : "symlink", null, 0, List.of(f), null);
    }

    /** The path as the user would write it: under {@code root} even when the walk runs on the link's target. */
    private String display(Path p) {
        return start == root ? p.toString() : root.resolve(start.relativize(p)).toString();
    }

    private static Item ready(FileResult r) {
        return new Item(null, r.path(), r);
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        Throwable t = e.getCause() != null && e instanceof java.io.UncheckedIOException ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
