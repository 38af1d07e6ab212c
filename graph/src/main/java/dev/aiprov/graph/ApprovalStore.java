package dev.aiprov.graph;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Approvals and revocations of an artifact at one revision, kept as facts that are never changed or
 * deleted: {@code (:Approval {id, artifact, revision, by, at, reason, expires, action, seq})-[:APPROVES]->(repo)}.
 * The latest fact ({@code seq}, increasing per artifact@revision) decides; a new revision is never approved.
 */
public final class ApprovalStore {
    public enum Action {
        APPROVE, REVOKE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One fact. {@code artifact} is the repo key ({@code model:org/name}); {@code expires} may be null. */
    public record Fact(String id, String artifact, String revision, Action action, String by, Instant at,
                       String reason, Instant expires, long seq) {
    }

    /** Creates the repo unresolved when unknown, then the fact numbered after the previous one. */
    private static final String RECORD = """
            MERGE (r:%1$s {id: $repo})
              ON CREATE SET r:Repo, r.key = $key, r.unresolved = true, r.firstSeen = datetime()
            WITH r
            OPTIONAL MATCH (prev:Approval {artifact: $key, revision: $revision})
            WITH r, max(prev.seq) AS last
            CREATE (a:Approval {id: $id, artifact: $key, revision: $revision, action: $action, by: $by, at: $at,
                                reason: $reason, expires: $expires, seq: coalesce(last, 0) + 1})
            CREATE (a)-[:APPROVES]->(r)
            RETURN a.seq AS seq
            """;

    private static final String HISTORY = """
            MATCH (a:Approval {artifact: $key, revision: $revision})
            RETURN a ORDER BY a.seq
            """;

    static final String LATEST = """
            UNWIND $rows AS row
            OPTIONAL MATCH (a:Approval {artifact: row.key, revision: row.revision})
            WITH row, a ORDER BY a.seq DESC
            WITH row, collect(a)[0] AS a
            RETURN row.key AS key, row.revision AS revision, a
            """;

    private final Graph graph;

    public ApprovalStore(Graph graph) {
        this.graph = graph;
    }

    /** Records a fact at {@code at} and returns it. */
    public Fact record(Action action, RepoType type, String repo, String revision, String by, String reason,
                       Instant expires, Instant at) {
        String key = GraphWrites.key(type, repo);
        String id = UUID.randomUUID().toString();
        Map<String, Object> p = new HashMap<>();
        p.put("repo", repo);
        p.put("key", key);
        p.put("id", id);
        p.put("revision", revision);
        p.put("action", action.label());
        p.put("by", by);
        p.put("at", Tx.param(at));
        p.put("reason", reason);
        p.put("expires", Tx.param(expires));
        long seq = Tx.write(graph, "recording " + action.label() + " of " + key + "@" + revision,
                tx -> tx.run(RECORD.formatted(type.label()), p).single().get("seq").asLong());
        return new Fact(id, key, revision, action, by, at, reason, expires, seq);
    }

    /** Every fact for {@code artifact@revision}, oldest first. */
    public List<Fact> history(RepoType type, String repo, String revision) {
        return Tx.read(graph, "reading approvals", HISTORY,
                Map.of("key", GraphWrites.key(type, repo), "revision", revision), r -> fact(r.get("a")));
    }

    /** The latest fact for {@code artifact@revision}, or null. */
    public Fact latest(RepoType type, String repo, String revision) {
        List<Fact> h = history(type, repo, revision);
        return h.isEmpty() ? null : h.get(h.size() - 1);
    }

    public ApprovalState state(RepoType type, String repo, String revision, Instant now) {
        return ApprovalState.of(latest(type, repo, revision), now);
    }

    /** Latest facts for many {@code (key, revision)} pairs at once; key of the map is {@code key@revision}. */
    static Map<String, Fact> latest(Graph g, List<String[]> keyRevisions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String[] kr : keyRevisions) {
            if (kr[1] == null) continue;
            rows.add(Map.of("key", kr[0], "revision", kr[1]));
        }
        Map<String, Fact> out = new HashMap<>();
        if (rows.isEmpty()) return out;
        for (Record r : Tx.read(g, "reading approvals", LATEST, Map.of("rows", rows), r -> r)) {
            if (!r.get("a").isNull()) out.put(r.get("key").asString() + "@" + r.get("revision").asString(), fact(r.get("a")));
        }
        return out;
    }

    static Fact fact(Value a) {
        return new Fact(Tx.string(a.get("id")), Tx.string(a.get("artifact")), Tx.string(a.get("revision")),
                Action.valueOf(a.get("action").asString().toUpperCase(Locale.ROOT)), Tx.string(a.get("by")),
                Tx.instant(a.get("at")), Tx.string(a.get("reason")), Tx.instant(a.get("expires")), a.get("seq").asLong());
    }
}
