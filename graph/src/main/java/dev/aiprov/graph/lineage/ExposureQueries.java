package dev.aiprov.graph.lineage;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.lineage.Exposure.Affected;
import dev.aiprov.graph.lineage.Exposure.NotAffected;
import dev.aiprov.graph.lineage.Exposure.Seed;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exposure: resolves an {@link ArtifactRef} to compromised repos (seeds), then walks the graph
 * backwards from them one level at a time (indexed lookups, at most {@code depth} levels) over
 * {@code USES}, {@code DERIVED_FROM} and {@code TRAINED_ON}: a breadth-first walk, so the first
 * time a deployment is reached is along a shortest explaining path.
 * <p>
 * A deployment using a seed directly is affected when its use is unpinned (it follows a moving
 * branch) or pinned to an affected revision; pinned elsewhere it is reported as not affected.
 * Anything derived from, trained on or using a seed is affected whatever its pinning: the graph does
 * not record which revision of the base a derivative was built from, so the answer is conservative.
 */
public final class ExposureQueries {
    public static final int DEFAULT_DEPTH = 10;

    private static final String REPO = """
            MATCH (n:Repo {key: $key})
            RETURN n.key AS key, n.author AS author, n.sha AS sha
            """;

    private static final String AUTHOR_REPOS = """
            CALL {
              UNWIND ['model:', 'dataset:', 'space:'] AS prefix
              MATCH (n:Repo) WHERE n.key STARTS WITH prefix + $name + '/'
              RETURN n
              UNION
              MATCH (n:Repo {author: $name})
              RETURN n
            }
            RETURN n.key AS key, n.author AS author, n.sha AS sha
            ORDER BY key
            """;

    private static final String FILE_BY_SHA256 = """
            MATCH (f:File {sha256: $hash})<-[:HAS_FILE]-(v:Revision)<-[:HAS_REVISION]-(n:Repo)
            RETURN n.key AS key, n.author AS author, n.sha AS sha, v.sha AS revision, f.key AS file, f.path AS path
            ORDER BY key, path
            """;

    private static final String FILE_BY_BLOB = """
            MATCH (f:File {blobId: $hash})<-[:HAS_FILE]-(v:Revision)<-[:HAS_REVISION]-(n:Repo)
            RETURN n.key AS key, n.author AS author, n.sha AS sha, v.sha AS revision, f.key AS file, f.path AS path
            ORDER BY key, path
            """;

    private static final String SECRET = """
            MATCH (:Secret {sha256: $hash})<-[:LEAKS]-(:Finding)<-[:HAS_FINDING]-(f:File)<-[:HAS_FILE]-(v:Revision)<-[:HAS_REVISION]-(n:Repo)
            RETURN DISTINCT n.key AS key, n.author AS author, n.sha AS sha, v.sha AS revision, f.key AS file, f.path AS path
            ORDER BY key, path
            """;

    private static final String RULE = """
            MATCH (:Finding {rule: $rule})<-[:HAS_FINDING]-(f:File)<-[:HAS_FILE]-(v:Revision)<-[:HAS_REVISION]-(n:Repo)
            RETURN DISTINCT n.key AS key, n.author AS author, n.sha AS sha, v.sha AS revision, f.key AS file, f.path AS path
            ORDER BY key, path
            """;

    private static final String REVISIONS = """
            UNWIND $keys AS k
            MATCH (:Repo {key: k})-[:HAS_REVISION]->(v:Revision)
            RETURN k AS key, v.sha AS sha, v.date AS date
            """;

    private static final String EXPAND = """
            UNWIND $keys AS k
            MATCH (:Repo {key: k})<-[r:USES|DERIVED_FROM|TRAINED_ON]-(x)
            WHERE x:Repo OR x:Deployment
            WITH k, r, x, x:Deployment AS deployment, x:Space AS space
            RETURN k AS to, type(r) AS rel, deployment, space,
                   CASE WHEN deployment THEN 'deployment:' + x.name ELSE x.key END AS key,
                   CASE WHEN deployment THEN r.revision END AS revision,
                   CASE WHEN deployment THEN r.pinned END AS pinned,
                   CASE WHEN deployment OR space THEN coalesce(x.name, x.id) END AS name,
                   CASE WHEN deployment OR space THEN coalesce(x.owner, x.author) END AS owner,
                   CASE WHEN deployment THEN x.env END AS env
            """;

    private static final String APPROVALS = """
            UNWIND $keys AS k
            MATCH (:Repo {key: k})<-[:APPROVES]-(a:Approval)
            RETURN DISTINCT a.id AS id, a.artifact AS artifact, a.revision AS revision, a.by AS by,
                   a.action AS action, toString(a.expires) AS expires
            ORDER BY id
            """;

    /** Every approval with the key of the repo it approves: for a walk that reached many repos (see {@link #KEYED_APPROVALS}). */
    private static final String ALL_APPROVALS = """
            MATCH (n:Repo)<-[:APPROVES]-(a:Approval)
            RETURN n.key AS key, a.id AS id, a.artifact AS artifact, a.revision AS revision, a.by AS by,
                   a.action AS action, toString(a.expires) AS expires
            """;

    /**
     * Up to this many reached repos, their approvals are looked up by key; above it (the exposure of
     * a base model with a hundred thousand derivatives), all approvals are read once and matched here,
     * which costs what the organisation approved instead of an index seek per reached repo.
     */
    static final int KEYED_APPROVALS = 2_000;

    private final Graph graph;
    private final int keyedApprovals;

    public ExposureQueries(Graph graph) {
        this(graph, KEYED_APPROVALS);
    }

    /** With another {@link #KEYED_APPROVALS} threshold (tests run both ways on a small graph). */
    ExposureQueries(Graph graph, int keyedApprovals) {
        this.graph = graph;
        this.keyedApprovals = keyedApprovals;
    }

    public Exposure exposure(ArtifactRef artifact, OffsetDateTime since, OffsetDateTime until) {
        return exposure(artifact, since, until, DEFAULT_DEPTH);
    }

    /**
     * What an exposure walk has found so far, as it goes: the seeds once resolved, each affected
     * deployment or Space when it is reached (nearest first), and the end of every level with the
     * artifacts it reached. For the exposure of a base with a hundred thousand derivatives, the first
     * affected deployments are known after one level; the whole answer comes at the end as before.
     * Called on the thread that runs the walk, inside its read transaction: keep it quick.
     */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void seeds(List<Seed> seeds) {
        }

        /** {@code level}: hops from the nearest seed (0 for a seed Space). */
        default void affected(int level, Affected affected) {
        }

        /** Level {@code level} is done: {@code artifacts} the models and datasets it reached, {@code affected} the total so far. */
        default void level(int level, List<String> artifacts, int affected) {
        }
    }

    /**
     * Who is exposed to {@code artifact}. {@code since}/{@code until} (either may be null; until is
     * exclusive) restrict the compromise to revisions created in that window.
     */
    public Exposure exposure(ArtifactRef artifact, OffsetDateTime since, OffsetDateTime until, int depth) {
        return exposure(artifact, since, until, depth, Listener.NONE);
    }

    /** {@link #exposure(ArtifactRef, OffsetDateTime, OffsetDateTime, int)}, telling {@code listener} what it finds as it goes. */
    public Exposure exposure(ArtifactRef artifact, OffsetDateTime since, OffsetDateTime until, int depth, Listener listener) {
        if (depth < 1 || depth > LineageQueries.MAX_DEPTH) throw new IllegalArgumentException("depth must be 1.." + LineageQueries.MAX_DEPTH);
        SessionConfig cfg = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (var session = graph.driver().session(cfg)) {
            // a read transaction may be retried: the listener then hears the walk again from the start
            return session.executeRead(tx -> new Walk(tx, artifact, since, until, depth, keyedApprovals, listener).run());
        } catch (RuntimeException e) {
            if (e instanceof GraphException g) throw g;
            throw new GraphException("exposure query failed on " + graph.describe() + ": " + LineageQueries.firstLine(e.getMessage()), e);
        }
    }

    /** One exposure computation inside one read transaction. */
    private static final class Walk {
        private final TransactionContext tx;
        private final ArtifactRef artifact;
        private final OffsetDateTime since;
        private final OffsetDateTime until;
        private final int depth;
        private final int keyedApprovals;
        private final Listener listener;
        private final List<String> notes = new ArrayList<>();

        Walk(TransactionContext tx, ArtifactRef artifact, OffsetDateTime since, OffsetDateTime until, int depth, int keyedApprovals,
             Listener listener) {
            this.tx = tx;
            this.artifact = artifact;
            this.since = since;
            this.until = until;
            this.depth = depth;
            this.keyedApprovals = keyedApprovals;
            this.listener = listener;
        }

        /** One row of {@link #EXPAND}: {@code key} (a Repo, Space or deployment) uses, derives from or trained on {@code to}. */
        private record Hop(String to, String key, boolean deployment, boolean space, String name, String owner, String env,
                           String revision, boolean pinned) {
            static Hop of(Record r) {
                return new Hop(r.get("to").asString(), r.get("key").asString(), r.get("deployment").asBoolean(),
                        r.get("space").asBoolean(), r.get("name").asString(null), r.get("owner").asString(null),
                        r.get("env").asString(null), r.get("revision").asString(null),
                        !r.get("pinned").isNull() && r.get("pinned").asBoolean());
            }
        }

        /** How a deployment uses the repo on the first hop of its path. */
        private record FirstHop(boolean pinned, String revision, String reason) {
        }

        /** One commit of a seed's history; {@code date} null when not recorded. */
        private record Commit(String sha, OffsetDateTime date) {
        }

        /** The newest revision dated before the first affected one (both null when unknown). */
        private record KnownGood(String sha, String date) {
            static final KnownGood NONE = new KnownGood(null, null);
        }

        /** A seed being built: revisions null means every revision. */
        private static final class SeedBuilder {
            final String key;
            final String author;
            final String head;
            Set<String> revisions;
            final List<String> evidence = new ArrayList<>();
            String why;

            SeedBuilder(String key, String author, String head) {
                this.key = key;
                this.author = author;
                this.head = head;
            }
        }

        Exposure run() {
            Map<String, SeedBuilder> seeds = resolve();
            Map<String, List<Commit>> history = history(seeds.keySet());
            if (since != null || until != null) applyWindow(seeds, history);
            List<Seed> seedList = new ArrayList<>();
            for (SeedBuilder s : seeds.values()) {
                KnownGood good = knownGood(history.get(s.key), s.revisions);
                seedList.add(new Seed(s.key, s.author, s.head, s.revisions == null ? List.of() : List.copyOf(new TreeSet<>(s.revisions)),
                        s.evidence, s.why, good.sha(), good.date()));
            }
            listener.seeds(List.copyOf(seedList));

            // breadth-first walk from the seeds; parent pointers give a shortest path per node
            Map<String, String> parent = new HashMap<>();
            Map<String, String> origin = new HashMap<>();
            Map<String, Affected> affected = new LinkedHashMap<>();
            Map<String, NotAffected> notAffected = new TreeMap<>();
            List<String> artifacts = new ArrayList<>();
            Map<String, FirstHop> firstHop = new HashMap<>();
            List<String> frontier = new ArrayList<>(seeds.keySet());
            Set<String> visited = new HashSet<>(frontier);
            for (String k : frontier) {
                origin.put(k, k);
                if (!k.startsWith("space:")) artifacts.add(k);
            }
            // seed Spaces are themselves affected
            for (SeedBuilder s : seeds.values()) {
                if (s.key.startsWith("space:")) {
                    Affected a = new Affected("space", s.key.substring("space:".length()), s.author, null, false, null,
                            path(s.key, parent, seeds, origin), s.why);
                    affected.put(s.key, a);
                    listener.affected(0, a);
                }
            }
            boolean complete = true;
            for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
                int reachedBefore = artifacts.size();
                List<Hop> rows = new ArrayList<>();
                tx.run(EXPAND, Map.of("keys", frontier)).forEachRemaining(r -> rows.add(Hop.of(r)));
                rows.sort(Comparator.comparing(Hop::key).thenComparing(Hop::to));
                List<String> next = new ArrayList<>();
                for (Hop r : rows) {
                    String key = r.key();
                    String to = r.to();
                    if (visited.contains(key)) continue;
                    SeedBuilder seed = seeds.get(to);
                    if (r.deployment()) {
                        boolean pinned = r.pinned();
                        String revision = r.revision();
                        String reason;
                        if (seed != null && seed.revisions != null) {
                            if (pinned && !matches(revision, seed.revisions)) {
                                notAffected.putIfAbsent(key, new NotAffected("deployment", r.name(), r.owner(), r.env(), to, revision,
                                        dateOf(history.get(to), revision),
                                        "pinned to " + shortSha(revision) + ", not one of the affected revisions of " + to));
                                continue;
                            }
                            reason = pinned ? "pinned to affected revision " + shortSha(revision) + " of " + to
                                    : "unpinned: follows a moving branch of " + to;
                        } else if (seed != null) {
                            reason = (pinned ? "pinned to " + shortSha(revision) + " of " : "unpinned use of ") + to
                                    + " (every revision is affected)";
                        } else {
                            reason = "uses " + to + ", which depends on " + origin.get(to);
                        }
                        firstHop.put(key, new FirstHop(pinned, revision, reason));
                    }
                    visited.add(key);
                    parent.put(key, to);
                    origin.put(key, origin.get(to));
                    if (r.deployment()) {
                        FirstHop hop = firstHop.get(key);
                        Affected a = new Affected("deployment", r.name(), r.owner(), r.env(), hop.pinned(), hop.revision(),
                                path(key, parent, seeds, origin), hop.reason());
                        affected.put(key, a);
                        listener.affected(level + 1, a);
                    } else {
                        next.add(key);
                        if (r.space()) {
                            Affected a = new Affected("space", r.name(), r.owner(), null, false, null, path(key, parent, seeds, origin),
                                    "public Space using " + to + (seed == null ? ", which depends on " + origin.get(to) : ""));
                            affected.put(key, a);
                            listener.affected(level + 1, a);
                        } else {
                            artifacts.add(key);
                        }
                    }
                }
                listener.level(level + 1, List.copyOf(artifacts.subList(reachedBefore, artifacts.size())), affected.size());
                frontier = next;
                if (level == depth - 1 && !next.isEmpty()) complete = false;
            }
            affected.keySet().forEach(notAffected::remove);
            if (!complete) notes.add("the walk stopped at depth " + depth + "; raise --depth to see further");

            List<Exposure.Approval> approvals = new ArrayList<>();
            List<String> approvalKeys = new ArrayList<>(artifacts);
            for (Affected a : affected.values()) if (a.kind().equals("space")) approvalKeys.add("space:" + a.name());
            if (!approvalKeys.isEmpty()) {
                List<Record> rows;
                if (approvalKeys.size() <= keyedApprovals) {
                    rows = tx.run(APPROVALS, Map.of("keys", approvalKeys)).list();
                } else {
                    Set<String> reached = new HashSet<>(approvalKeys);
                    Map<String, Record> byId = new TreeMap<>();   // as APPROVALS: distinct, ordered by id
                    tx.run(ALL_APPROVALS).forEachRemaining(r -> {
                        if (reached.contains(r.get("key").asString())) byId.putIfAbsent(r.get("id").asString(), r);
                    });
                    rows = List.copyOf(byId.values());
                }
                for (Record r : rows) {
                    approvals.add(new Exposure.Approval(r.get("id").asString(null), r.get("artifact").asString(null),
                            r.get("revision").asString(null), r.get("by").asString(null), r.get("action").asString(null),
                            r.get("expires").asString(null)));
                }
            }

            List<Affected> affectedList = new ArrayList<>(affected.values());
            affectedList.sort(Comparator.comparing((Affected a) -> a.kind().equals("deployment") ? 0 : 1)
                    .thenComparing(a -> a.owner() == null ? "" : a.owner()).thenComparing(Affected::name));
            return new Exposure(artifact.toString(), since == null ? null : since.toString(), until == null ? null : until.toString(),
                    seedList, affectedList, List.copyOf(notAffected.values()), artifacts, approvals, notes, complete);
        }

        private Map<String, SeedBuilder> resolve() {
            Map<String, SeedBuilder> seeds = new LinkedHashMap<>();
            switch (artifact.kind()) {
                case MODEL, DATASET, SPACE -> {
                    List<Record> rows = tx.run(REPO, Map.of("key", artifact.repoKey())).list();
                    if (rows.isEmpty()) {
                        notes.add(artifact.repoKey() + " is not in the graph: nothing known depends on it");
                        break;
                    }
                    SeedBuilder s = builder(rows.get(0));
                    if (artifact.revision() != null) {
                        s.revisions = new HashSet<>(Set.of(artifact.revision()));
                        s.evidence.add(artifact.toString());
                        s.why = "revision " + artifact.revision() + " is compromised";
                    } else {
                        s.why = "the compromised artifact";
                    }
                    seeds.put(s.key, s);
                }
                case AUTHOR -> {
                    for (Record r : tx.run(AUTHOR_REPOS, Map.of("name", artifact.value())).list()) {
                        SeedBuilder s = builder(r);
                        s.evidence.add(artifact.toString());
                        s.why = "published by " + artifact.value();
                        seeds.put(s.key, s);
                    }
                    if (seeds.isEmpty()) notes.add("no repo of " + artifact.value() + " is in the graph");
                }
                case FILE, SECRET, RULE -> {
                    String cypher = switch (artifact.kind()) {
                        case FILE -> artifact.value().length() == 64 ? FILE_BY_SHA256 : FILE_BY_BLOB;
                        case SECRET -> SECRET;
                        default -> RULE;
                    };
                    Map<String, Object> p = artifact.kind() == ArtifactRef.Kind.RULE ? Map.of("rule", artifact.value())
                            : Map.of("hash", artifact.value());
                    for (Record r : tx.run(cypher, p).list()) {
                        SeedBuilder s = seeds.computeIfAbsent(r.get("key").asString(), k -> {
                            SeedBuilder b = builder(r);
                            b.revisions = new HashSet<>();
                            if (artifact.kind() != ArtifactRef.Kind.FILE) b.evidence.add(r.get("file").asString());
                            b.evidence.add(artifact.toString());
                            b.why = switch (artifact.kind()) {
                                case FILE -> "contains the file (" + r.get("path").asString() + ")";
                                case SECRET -> "leaks the secret in " + r.get("path").asString();
                                default -> "has a " + artifact.value() + " finding in " + r.get("path").asString();
                            };
                            return b;
                        });
                        s.revisions.add(r.get("revision").asString());
                    }
                    if (seeds.isEmpty()) notes.add("no file in the graph matches " + artifact);
                }
                default -> throw new IllegalStateException(artifact.kind().name());
            }
            return seeds;
        }

        private static SeedBuilder builder(Record r) {
            return new SeedBuilder(r.get("key").asString(), r.get("author").asString(null), r.get("sha").asString(null));
        }

        /** Commit history of the seeds, by key. */
        private Map<String, List<Commit>> history(Set<String> keys) {
            Map<String, List<Commit>> out = new HashMap<>();
            if (keys.isEmpty()) return out;
            for (Record r : tx.run(REVISIONS, Map.of("keys", List.copyOf(keys))).list()) {
                Value date = r.get("date");
                out.computeIfAbsent(r.get("key").asString(), k -> new ArrayList<>())
                        .add(new Commit(r.get("sha").asString(), date.isNull() ? null : date.asOffsetDateTime()));
            }
            return out;
        }

        /** Keeps, per seed, only the revisions created in the window; a seed with none left is dropped. */
        private void applyWindow(Map<String, SeedBuilder> seeds, Map<String, List<Commit>> history) {
            List<String> dropped = new ArrayList<>();
            for (SeedBuilder s : List.copyOf(seeds.values())) {
                Set<String> inWindow = new HashSet<>();
                for (Commit c : history.getOrDefault(s.key, List.of())) {
                    if (c.date() == null) continue;
                    OffsetDateTime d = c.date();
                    if ((since == null || !d.isBefore(since)) && (until == null || d.isBefore(until))) inWindow.add(c.sha());
                }
                if (s.revisions != null) inWindow.retainAll(s.revisions);
                if (inWindow.isEmpty()) {
                    seeds.remove(s.key);
                    dropped.add(s.key);
                } else {
                    s.revisions = inWindow;
                    s.why = s.why + "; " + inWindow.size() + " revision" + (inWindow.size() == 1 ? "" : "s") + " in the window";
                }
            }
            if (!dropped.isEmpty()) {
                notes.add(dropped.size() + " repo" + (dropped.size() == 1 ? " has" : "s have") + " no revision in the window and "
                        + (dropped.size() == 1 ? "is" : "are") + " not affected: " + String.join(", ", dropped.subList(0, Math.min(20, dropped.size())))
                        + (dropped.size() > 20 ? ", …" : ""));
            }
        }

        /** Ids from {@code key} to the seed it was reached from, then the seed's evidence. */
        private static List<String> path(String key, Map<String, String> parent, Map<String, SeedBuilder> seeds,
                                         Map<String, String> origin) {
            List<String> out = new ArrayList<>();
            for (String k = key; k != null; k = parent.get(k)) out.add(k);
            SeedBuilder s = seeds.get(origin.get(key));
            if (s != null) {
                for (String e : s.evidence) if (!out.contains(e)) out.add(e);
            }
            return out;
        }

        private static KnownGood knownGood(List<Commit> history, Set<String> affected) {
            if (history == null || affected == null || affected.isEmpty()) return KnownGood.NONE;
            OffsetDateTime firstBad = null;
            for (Commit c : history) {
                if (c.date() != null && affected.contains(c.sha())) {
                    if (firstBad == null || c.date().isBefore(firstBad)) firstBad = c.date();
                }
            }
            if (firstBad == null) return KnownGood.NONE;
            String best = null;
            OffsetDateTime bestDate = null;
            for (Commit c : history) {
                if (c.date() == null || affected.contains(c.sha())) continue;
                OffsetDateTime d = c.date();
                if (d.isBefore(firstBad) && (bestDate == null || d.isAfter(bestDate))) {
                    best = c.sha();
                    bestDate = d;
                }
            }
            return new KnownGood(best, bestDate == null ? null : bestDate.toString());
        }

        private static String dateOf(List<Commit> history, String sha) {
            if (history == null || sha == null) return null;
            for (Commit c : history) {
                if (c.date() != null && sameRevision(c.sha(), sha)) return c.date().toString();
            }
            return null;
        }
    }

    /** Full shas compare equal; a short sha (7+ hex) matches the full sha it starts. */
    static boolean sameRevision(String a, String b) {
        if (a == null || b == null) return false;
        if (a.equals(b)) return true;
        if (a.length() < 7 || b.length() < 7) return false;
        return a.startsWith(b) || b.startsWith(a);
    }

    private static boolean matches(String revision, Set<String> revisions) {
        for (String r : revisions) if (sameRevision(r, revision)) return true;
        return false;
    }

    static String shortSha(String sha) {
        if (sha == null) return "(no revision)";
        return sha.length() > 12 && sha.matches("[0-9a-f]+") ? sha.substring(0, 12) : sha;
    }
}
