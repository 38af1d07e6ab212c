package dev.aiprov.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the web page's front page asks: how much the graph holds, and which ids match a search. */
public final class SearchQueries {
    /** Hits returned per search at most. */
    public static final int MAX_HITS = 200;

    private final Graph graph;

    public SearchQueries(Graph graph) {
        this.graph = graph;
    }

    /** How many of each kind of thing the graph holds. */
    public record Counts(long models, long datasets, long spaces, long authors, long deployments, long findings,
                         long alerts) {
    }

    /**
     * One search hit. {@code kind}: model, dataset, space, author or deployment; {@code id}: repo id,
     * author name or deployment name; {@code detail}: author of a repo, owner of a deployment.
     */
    public record Hit(String kind, String id, String detail, boolean unresolved) {
    }

    private static final String COUNTS = """
            CALL () { MATCH (n:Model) RETURN count(n) AS models }
            CALL () { MATCH (n:Dataset) RETURN count(n) AS datasets }
            CALL () { MATCH (n:Space) RETURN count(n) AS spaces }
            CALL () { MATCH (n:Author) RETURN count(n) AS authors }
            CALL () { MATCH (n:Deployment) RETURN count(n) AS deployments }
            CALL () { MATCH (n:Finding) RETURN count(n) AS findings }
            CALL () { MATCH (n:Alert) RETURN count(n) AS alerts }
            RETURN models, datasets, spaces, authors, deployments, findings, alerts
            """;

    // exact matches first, then prefix, then substring; case-insensitive
    private static final String SEARCH = """
            CALL () {
              MATCH (n:Repo) WHERE toLower(n.id) CONTAINS $q AND ($kind IS NULL OR n.key STARTS WITH $kind + ':')
              RETURN split(n.key, ':')[0] AS kind, n.id AS id, n.author AS detail, coalesce(n.unresolved, false) AS unresolved
              UNION ALL
              MATCH (a:Author) WHERE toLower(a.name) CONTAINS $q AND ($kind IS NULL OR $kind = 'author')
              RETURN 'author' AS kind, a.name AS id, null AS detail, false AS unresolved
              UNION ALL
              MATCH (d:Deployment) WHERE (toLower(d.name) CONTAINS $q OR toLower(coalesce(d.owner, '')) CONTAINS $q)
                AND ($kind IS NULL OR $kind = 'deployment')
              RETURN 'deployment' AS kind, d.name AS id, d.owner AS detail, false AS unresolved
            }
            WITH kind, id, detail, unresolved,
                 CASE WHEN toLower(id) = $q THEN 0 WHEN toLower(id) STARTS WITH $q THEN 1 ELSE 2 END AS rank
            ORDER BY rank, size(id), id
            LIMIT $limit
            RETURN kind, id, detail, unresolved
            """;

    public Counts counts() {
        return Tx.read(graph, "counting", COUNTS, Map.of(), r -> new Counts(r.get("models").asLong(),
                r.get("datasets").asLong(), r.get("spaces").asLong(), r.get("authors").asLong(),
                r.get("deployments").asLong(), r.get("findings").asLong(), r.get("alerts").asLong())).get(0);
    }

    /**
     * Models, datasets, Spaces, authors and deployments whose id (or a deployment's owner) contains
     * {@code text}, ignoring case: exact matches first, then prefixes. {@code kind} (model, dataset,
     * space, author, deployment) narrows the search; null searches all.
     */
    public List<Hit> search(String text, String kind, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("q", text.strip().toLowerCase(Locale.ROOT));
        p.put("kind", kind);
        p.put("limit", Math.max(1, Math.min(limit, MAX_HITS)));
        return Tx.read(graph, "searching", SEARCH, p, r -> new Hit(r.get("kind").asString(), r.get("id").asString(),
                Tx.string(r.get("detail")), r.get("unresolved").asBoolean(false)));
    }
}
