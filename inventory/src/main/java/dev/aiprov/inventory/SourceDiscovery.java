package dev.aiprov.inventory;

import dev.aiprov.inventory.internal.ConfigRefs;
import dev.aiprov.inventory.internal.LocatedYaml;
import dev.aiprov.inventory.internal.NotebookCells;
import dev.aiprov.inventory.internal.TextRefs;
import dev.aiprov.graph.RepoType;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds Hub references in a source tree: Python, notebooks, Dockerfiles and shell scripts, YAML and
 * JSON configuration. Reads text only, never runs or imports anything; symbolic links are not
 * followed; vendored and virtual-environment directories are skipped; file sizes and counts are
 * capped. Local paths, variables, placeholders and non-repo {@code a/b} strings are not reported.
 */
public final class SourceDiscovery {
    public static final int MAX_FILES = 200_000;
    public static final long MAX_SOURCE_BYTES = 2L * 1024 * 1024;
    public static final long MAX_NOTEBOOK_BYTES = 32L * 1024 * 1024;
    private static final Set<String> SKIP_DIRS = Set.of(".git", ".hg", ".svn", "node_modules", "__pycache__",
            ".venv", "venv", "site-packages", ".tox", ".mypy_cache", ".pytest_cache", ".ipynb_checkpoints",
            "target", "build", "dist", ".idea", ".gradle");

    enum Kind { PYTHON, NOTEBOOK, SHELL, YAML, JSON }

    private final Path root;
    private final List<Reference> found = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private SourceDiscovery(Path root) {
        this.root = root;
    }

    /** The result: references sorted by file then line, and files that were skipped (too large, unreadable). */
    public record Result(List<Reference> references, List<String> skipped) {
        public Result {
            references = List.copyOf(references);
            skipped = List.copyOf(skipped);
        }
    }

    public static Result discover(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("not a directory: " + root);
        SourceDiscovery d = new SourceDiscovery(root.toAbsolutePath().normalize());
        d.walk();
        List<Reference> refs = new ArrayList<>(new LinkedHashSet<>(d.found));
        refs.sort(Comparator.comparing(Reference::file).thenComparingInt(Reference::line)
                .thenComparing(Reference::repo));
        return new Result(refs, d.skipped);
    }

    private void walk() throws IOException {
        int[] files = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())) return FileVisitResult.SKIP_SUBTREE;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
                Kind kind = kind(file.getFileName().toString());
                if (kind == null) return FileVisitResult.CONTINUE;
                if (++files[0] > MAX_FILES) {
                    skipped.add("(more than " + MAX_FILES + " candidate files; stopped)");
                    return FileVisitResult.TERMINATE;
                }
                scanFile(file, kind, attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                skipped.add(relative(file) + ": " + exc.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static Kind kind(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".py")) return Kind.PYTHON;
        if (n.endsWith(".ipynb")) return Kind.NOTEBOOK;
        if (n.equals("dockerfile") || n.startsWith("dockerfile.") || n.endsWith(".dockerfile") || n.equals("containerfile")
                || n.endsWith(".sh") || n.endsWith(".bash")) {
            return Kind.SHELL;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) return Kind.YAML;
        if (n.endsWith(".json")) return Kind.JSON;
        return null;
    }

    private void scanFile(Path file, Kind kind, long size) {
        String rel = relative(file);
        long cap = kind == Kind.NOTEBOOK ? MAX_NOTEBOOK_BYTES : MAX_SOURCE_BYTES;
        if (size > cap) {
            skipped.add(rel + ": " + size + " bytes, over the " + cap + " limit");
            return;
        }
        String text;
        try {
            text = decode(Files.readAllBytes(file));
        } catch (IOException e) {
            skipped.add(rel + ": " + e.getMessage());
            return;
        }
        if (text == null) return;   // binary
        int[] lineStarts = lineStarts(text);
        try {
            switch (kind) {
                case PYTHON -> {
                    for (TextRefs.Hit h : TextRefs.python(text)) add(h.type(), h.repo(), h.revision(), file, rel, line(lineStarts, h.offset()));
                }
                case SHELL -> {
                    for (TextRefs.Hit h : TextRefs.shell(text)) add(h.type(), h.repo(), h.revision(), file, rel, line(lineStarts, h.offset()));
                    for (TextRefs.Hit h : TextRefs.python(text)) add(h.type(), h.repo(), h.revision(), file, rel, line(lineStarts, h.offset()));
                }
                case NOTEBOOK -> {
                    for (NotebookCells.Cell c : NotebookCells.codeCells(text)) {
                        for (TextRefs.Hit h : TextRefs.python(c.text())) add(h.type(), h.repo(), h.revision(), file, rel, c.line(h.offset()));
                        for (TextRefs.Hit h : TextRefs.shell(c.text())) add(h.type(), h.repo(), h.revision(), file, rel, c.line(h.offset()));
                    }
                }
                case YAML -> {
                    List<ConfigRefs.Hit> hits;
                    try {
                        hits = new ArrayList<>();
                        for (LocatedYaml.Node doc : LocatedYaml.parseYamlDocuments(text)) hits.addAll(ConfigRefs.fromTree(doc));
                    } catch (LocatedYaml.YamlException e) {
                        hits = ConfigRefs.fromLines(text);   // templated YAML (Helm, Jinja): line by line
                    }
                    for (ConfigRefs.Hit h : hits) add(h.type(), h.repo(), h.revision(), file, rel, h.line());
                }
                case JSON -> {
                    for (ConfigRefs.Hit h : ConfigRefs.fromTree(LocatedYaml.parseJson(text))) {
                        add(h.type(), h.repo(), h.revision(), file, rel, h.line());
                    }
                }
            }
        } catch (IOException | LocatedYaml.YamlException | RuntimeException e) {
            skipped.add(rel + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private void add(RepoType type, String repo, String revision, Path file, String rel, int line) {
        if (!RepoIds.isPlausibleReference(repo)) return;
        if (revision != null && !RepoIds.isValidRevision(revision)) revision = null;
        // a directory that exists next to the file or at the root is a local checkout, not a Hub id
        if (Files.exists(file.getParent().resolve(repo)) || Files.exists(root.resolve(repo))) return;
        found.add(new Reference(type, repo, RepoIds.normalizeRevision(revision), rel, line));
    }

    private String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** UTF-8 text, or null when the bytes are not text (a NUL byte, or invalid UTF-8). */
    static String decode(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) if (bytes[i] == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    static int line(int[] lineStarts, int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
