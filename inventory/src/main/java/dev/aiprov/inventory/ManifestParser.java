package dev.aiprov.inventory;

import dev.aiprov.inventory.internal.LocatedYaml;
import dev.aiprov.inventory.internal.LocatedYaml.Entry;
import dev.aiprov.inventory.internal.LocatedYaml.MapNode;
import dev.aiprov.inventory.internal.LocatedYaml.Node;
import dev.aiprov.inventory.internal.LocatedYaml.Scalar;
import dev.aiprov.inventory.internal.LocatedYaml.SeqNode;
import dev.aiprov.graph.RepoType;
import dev.aiprov.scanner.io.UserFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code aiprov.yaml}. Every problem is reported as {@code FILE:LINE: message}
 * and the whole file is checked before anything is returned, so a caller never sees half a manifest.
 */
public final class ManifestParser {
    /** Manifests larger than this are refused before parsing (read through {@link UserFiles}: regular files only). */
    public static final long MAX_BYTES = UserFiles.DEFAULT_MAX_BYTES;
    private static final int MAX_PROBLEMS = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> TOP_KEYS = Set.of("version", "deployments");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of("name", "environment", "owner", "uses");
    private static final Set<String> USE_KEYS = Set.of("model", "dataset", "space", "revision", "source", "pulled");

    private final String file;
    private final List<Map.Entry<Integer, String>> problems = new ArrayList<>();

    private ManifestParser(String file) {
        this.file = file;
    }

    public static Manifest parse(Path path) throws ManifestException {
        String label = path.toString();
        String text;
        try {
            text = UserFiles.readText(path, MAX_BYTES);
        } catch (IOException e) {
            throw new ManifestException(List.of("cannot read manifest " + e.getMessage()));
        }
        return parse(label, text);
    }

    /** Parses {@code text}; {@code file} is the name used in messages. */
    public static Manifest parse(String file, String text) throws ManifestException {
        return new ManifestParser(file).run(text);
    }

    private Manifest run(String text) throws ManifestException {
        Node root;
        try {
            root = LocatedYaml.parseYaml(text);
        } catch (LocatedYaml.YamlException e) {
            throw new ManifestException(List.of(file + ":" + e.line() + ": " + e.getMessage()));
        }
        List<Manifest.Deployment> deployments = new ArrayList<>();
        if (!(root instanceof MapNode top)) {
            problem(root == null ? 1 : root.line(), "expected a mapping with a 'deployments' list");
        } else {
            unknownKeys(top, TOP_KEYS, "top level");
            Entry version = top.entries().get("version");
            if (version != null && !(version.value() instanceof Scalar s && "1".equals(s.text()))) {
                problem(version.value().line(), "unsupported version (only 1 is known)");
            }
            Entry deps = top.entries().get("deployments");
            if (deps == null) {
                problem(top.line(), "missing 'deployments'");
            } else if (deps.value() instanceof SeqNode list) {
                Map<String, Integer> seen = new HashMap<>();
                for (Node n : list.items()) {
                    Manifest.Deployment d = deployment(n);
                    if (d == null) continue;
                    Integer first = seen.putIfAbsent(d.name(), d.line());
                    if (first != null) {
                        problem(d.line(), "duplicate deployment name '" + d.name() + "' (first at line " + first + ")");
                    } else {
                        deployments.add(d);
                    }
                }
            } else if (!(deps.value() instanceof Scalar s && s.isNull())) {
                problem(deps.value().line(), "'deployments' must be a list, not " + deps.value().describe());
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Map.Entry.comparingByKey());   // stable: file order within a line
            throw new ManifestException(problems.stream().map(Map.Entry::getValue).toList());
        }
        return new Manifest(file, deployments);
    }

    private Manifest.Deployment deployment(Node n) {
        if (!(n instanceof MapNode m)) {
            problem(n.line(), "a deployment must be a mapping with name, environment, owner and uses");
            return null;
        }
        unknownKeys(m, DEPLOYMENT_KEYS, "deployment");
        String name = string(m, "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            problem(m.entries().get("name").value().line(), "bad deployment name '" + clip(name)
                    + "' (letters, digits, '.', '_', '-'; at most 128)");
            name = null;
        }
        String env = string(m, "environment", false);
        String owner = string(m, "owner", false);
        List<Manifest.Use> uses = new ArrayList<>();
        Entry usesEntry = m.entries().get("uses");
        if (usesEntry != null) {
            if (usesEntry.value() instanceof SeqNode list) {
                Map<String, Integer> seen = new HashMap<>();
                for (Node u : list.items()) {
                    Manifest.Use use = use(u);
                    if (use == null) continue;
                    String k = use.key() + "@" + (use.revision() == null ? "" : use.revision());
                    Integer first = seen.putIfAbsent(k, use.line());
                    if (first != null) {
                        problem(use.line(), "duplicate use of " + use.key()
                                + (use.revision() == null ? "" : "@" + use.revision()) + " (first at line " + first + ")");
                    } else {
                        uses.add(use);
                    }
                }
            } else if (!(usesEntry.value() instanceof Scalar s && s.isNull())) {
                problem(usesEntry.value().line(), "'uses' must be a list, not " + usesEntry.value().describe());
            }
        }
        return name == null ? null : new Manifest.Deployment(name, env, owner, uses, m.line());
    }

    private Manifest.Use use(Node n) {
        if (!(n instanceof MapNode m)) {
            problem(n.line(), "a use must be a mapping like {model: org/name, revision: SHA}");
            return null;
        }
        unknownKeys(m, USE_KEYS, "use");
        List<RepoType> kinds = new ArrayList<>();
        for (RepoType t : RepoType.values()) if (m.entries().containsKey(t.key())) kinds.add(t);
        if (kinds.isEmpty()) {
            problem(m.line(), "a use needs one of model, dataset or space");
            return null;
        }
        if (kinds.size() > 1) {
            problem(m.entries().get(kinds.get(1).key()).keyLine(), "a use names one artifact, found both "
                    + kinds.get(0).key() + " and " + kinds.get(1).key() + " (split it into two uses)");
            return null;
        }
        RepoType type = kinds.get(0);
        String repo = string(m, type.key(), true);
        boolean ok = repo != null;
        if (repo != null && !RepoIds.isValid(repo)) {
            problem(m.entries().get(type.key()).value().line(), "bad " + type.key() + " id '" + clip(repo)
                    + "': expected org/name");
            ok = false;
        }
        String revision = string(m, "revision", false);
        if (revision != null && !RepoIds.isValidRevision(revision)) {
            problem(m.entries().get("revision").value().line(), "bad revision '" + clip(revision)
                    + "': expected a commit sha, a branch or a tag");
            ok = false;
        }
        String source = string(m, "source", false);
        if (source != null && !isHttpUrl(source)) {
            problem(m.entries().get("source").value().line(), "bad source '" + clip(source)
                    + "': expected an http(s) URL such as https://huggingface.co");
            ok = false;
        }
        Instant pulled = null;
        String pulledText = string(m, "pulled", false);
        if (pulledText != null) {
            pulled = instant(pulledText);
            if (pulled == null) {
                problem(m.entries().get("pulled").value().line(), "bad date '" + clip(pulledText)
                        + "': expected ISO-8601 like 2026-10-01T12:00:00Z or 2026-10-01");
                ok = false;
            }
        }
        return ok ? new Manifest.Use(type, repo, RepoIds.normalizeRevision(revision),
                source == null ? null : stripSlash(source), pulled, m.line()) : null;
    }

    /** ISO-8601 instant with an offset, or a date (midnight UTC); null when neither. */
    public static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null && u.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A scalar value as text; numbers are accepted as text (a revision may look like one). */
    private String string(MapNode m, String key, boolean required) {
        Entry e = m.entries().get(key);
        if (e == null || (e.value() instanceof Scalar s && s.isNull())) {
            if (required) problem(e == null ? m.line() : e.keyLine(), "missing " + key);
            return null;
        }
        if (e.value() instanceof Scalar s && (s.isString() || s.kind().isNumeric())) {
            String v = s.text().strip();
            if (v.isEmpty()) {
                if (required) problem(s.line(), "empty " + key);
                return null;
            }
            return v;
        }
        problem(e.value().line(), "'" + key + "' must be a string, not " + e.value().describe());
        return null;
    }

    private void unknownKeys(MapNode m, Set<String> allowed, String where) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problem(e.keyLine(), "unknown key '" + clip(e.key()) + "' in " + where + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private void problem(int line, String message) {
        if (problems.size() < MAX_PROBLEMS) problems.add(Map.entry(line, file + ":" + line + ": " + message));
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
