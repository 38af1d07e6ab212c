package dev.aiprov.graph.lineage;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.lineage.LineageGraph.Direction;
import dev.aiprov.graph.lineage.LineageGraph.Edge;
import dev.aiprov.graph.lineage.LineageGraph.EdgeType;
import dev.aiprov.graph.lineage.LineageGraph.Node;
import dev.aiprov.graph.lineage.LineageGraph.NodeKind;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lineage of a model: ancestors (DERIVED_FROM, bounded by the depth), training datasets at every
 * level, and with {@link Direction#DOWN} every descendant and the Spaces and deployments using
 * them. Every lookup starts from an indexed key; variable-length paths are bounded {@code *1..depth}
 * and collapsed to distinct nodes, so diamonds and cycles cost their nodes, not their paths.
 */
public final class LineageQueries {
    /** Deepest lineage a query may ask for. */
    public static final int MAX_DEPTH = 50;
    /** Most nodes returned per direction; past it the answer says it is incomplete. */
    public static final int DEFAULT_LIMIT = 10_000;

    private static final String ROOT = """
            MATCH (m:Model {id: $id}) RETURN m.key AS key
            """;

    // the depth is an int validated by the caller and formatted in; Cypher cannot take it as a parameter
    private static final String ANCESTORS = """
            MATCH (:Model {id: $id})-[:DERIVED_FROM*1..%d]->(a:Model)
            WITH DISTINCT a LIMIT $limit
            RETURN a.key AS key
            """;

    private static final String DESCENDANTS = """
            MATCH (:Model {id: $id})<-[:DERIVED_FROM*1..%d]-(d:Model)
            WITH DISTINCT d LIMIT $limit
            RETURN d.key AS key
            """;

    private static final String PARENT_EDGES = """
            UNWIND $keys AS k
            MATCH (c:Repo {key: k})-[e:DERIVED_FROM]->(p:Model)
            RETURN c.key AS from, p.key AS to, e.relation AS relation, coalesce(e.sources, [e.source]) AS sources
            """;

    private static final String HAS_CHILDREN = """
            UNWIND $keys AS k
            MATCH (p:Repo {key: k})
            WHERE EXISTS { (p)<-[:DERIVED_FROM]-(:Model) }
            RETURN p.key AS key
            """;

    private static final String DATASETS = """
            UNWIND $keys AS k
            MATCH (m:Repo {key: k})-[e:TRAINED_ON]->(d:Dataset)
            RETURN m.key AS from, d.key AS to, e.source AS source
            """;

    private static final String USERS = """
            UNWIND $keys AS k
            MATCH (t:Repo {key: k})<-[u:USES]-(x)
            WHERE x:Space OR x:Deployment
            RETURN t.key AS to, x:Deployment AS deployment,
                   CASE WHEN x:Deployment THEN 'deployment:' + x.name ELSE x.key END AS from,
                   x.name AS name, x.env AS env, x.owner AS owner, u.revision AS revision, u.pinned AS pinned
            """;

    private static final String DETAILS = """
            UNWIND $keys AS k
            MATCH (n:Repo {key: k})
            RETURN n.key AS key, n.id AS id,
                   coalesce(n.author, head([(a:Author)-[:PUBLISHED]->(n) | a.name])) AS author,
                   coalesce(n.unresolved, false) AS unresolved, n.status AS status, n.sha AS sha,
                   n.license AS license, n.pipelineTag AS pipelineTag,
                   COUNT { (n)-[:HAS_REVISION]->(:Revision) } AS revisions,
                   [(n)-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(:File)-[:HAS_FINDING]->(f:Finding) | f.severity] AS severities
            """;

    private final Graph graph;

    public LineageQueries(Graph graph) {
        this.graph = graph;
    }

    /** Lineage of {@code modelId}; empty when no such model is in the graph. */
    public Optional<LineageGraph> lineage(String modelId, Direction direction, int depth) {
        return lineage(modelId, direction, depth, DEFAULT_LIMIT);
    }

    public Optional<LineageGraph> lineage(String modelId, Direction direction, int depth, int limit) {
        if (depth < 1 || depth > MAX_DEPTH) throw new IllegalArgumentException("depth must be 1.." + MAX_DEPTH);
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        SessionConfig cfg = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (var session = graph.driver().session(cfg)) {
            return session.executeRead(tx -> Optional.ofNullable(read(tx, modelId, direction, depth, limit)));
        } catch (RuntimeException e) {
            if (e instanceof GraphException g) throw g;
            throw new GraphException("lineage query failed on " + graph.describe() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static LineageGraph read(TransactionContext tx, String id, Direction dir, int depth, int limit) {
        List<Record> root = tx.run(ROOT, Map.of("id", id)).list();
        if (root.isEmpty()) return null;
        String rootKey = root.get(0).get("key").asString();
        boolean complete = true;

        Set<String> up = new LinkedHashSet<>();
        Set<String> down = new LinkedHashSet<>();
        if (dir.up()) {
            tx.run(ANCESTORS.formatted(depth), Map.of("id", id, "limit", limit)).forEachRemaining(r -> up.add(r.get("key").asString()));
            complete &= up.size() < limit;
        }
        if (dir.down()) {
            tx.run(DESCENDANTS.formatted(depth), Map.of("id", id, "limit", limit)).forEachRemaining(r -> down.add(r.get("key").asString()));
            complete &= down.size() < limit;
        }
        Set<String> models = new LinkedHashSet<>();
        models.add(rootKey);
        models.addAll(up);
        models.addAll(down);

        // DERIVED_FROM edges among the models; an up-side model with a parent outside the set is truncated
        Map<String, Edge> edges = new LinkedHashMap<>();
        Set<String> truncated = new HashSet<>();
        Set<String> upSide = new HashSet<>(up);
        upSide.add(rootKey);
        for (Record r : tx.run(PARENT_EDGES, Map.of("keys", List.copyOf(models))).list()) {
            String from = r.get("from").asString();
            String to = r.get("to").asString();
            if (models.contains(to)) {
                edges.put(from + ">" + to, new Edge(from, to, EdgeType.DERIVED_FROM, r.get("relation").asString(null), null, null, false,
                        sources(r.get("sources"))));
            } else if (dir.up() && upSide.contains(from)) {
                truncated.add(from);
            }
        }
        Map<String, Integer> distance = distances(rootKey, edges.values());

        if (dir.down()) {
            List<String> edge = new ArrayList<>();
            for (String k : down) if (Math.abs(distance.getOrDefault(k, 0)) >= depth) edge.add(k);
            if (!edge.isEmpty()) {
                tx.run(HAS_CHILDREN, Map.of("keys", edge)).forEachRemaining(r -> truncated.add(r.get("key").asString()));
            }
        }

        Map<String, Node> deployments = new LinkedHashMap<>();
        Set<String> others = new LinkedHashSet<>();   // datasets and Spaces, detailed below
        Map<String, Integer> hangDistance = new HashMap<>();
        if (dir.up()) {
            for (Record r : tx.run(DATASETS, Map.of("keys", List.copyOf(upSide))).list()) {
                String from = r.get("from").asString();
                String to = r.get("to").asString();
                edges.putIfAbsent(from + ">" + to, new Edge(from, to, EdgeType.TRAINED_ON, null, null, null, false,
                        r.get("source").asString(null)));
                others.add(to);
                hangDistance.merge(to, distance.getOrDefault(from, 0), Math::min);
            }
        }
        if (dir.down()) {
            Set<String> targets = new LinkedHashSet<>();
            targets.add(rootKey);
            targets.addAll(down);
            List<String> spaces = users(tx, targets, edges, others, deployments, distance, hangDistance);
            if (!spaces.isEmpty()) users(tx, spaces, edges, others, deployments, distance, hangDistance);
        }

        Set<String> repoKeys = new LinkedHashSet<>(models);
        repoKeys.addAll(others);
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Record r : tx.run(DETAILS, Map.of("keys", List.copyOf(repoKeys))).list()) {
            String key = r.get("key").asString();
            int d = distance.containsKey(key) ? distance.get(key) : hangDistance.getOrDefault(key, 0);
            nodes.put(key, new Node(key, kindOf(key), r.get("id").asString(), r.get("author").asString(null),
                    r.get("unresolved").asBoolean(false), r.get("status").asString(null), r.get("sha").asString(null),
                    r.get("revisions").asLong(0), Severities.worst(r.get("severities").asList()),
                    r.get("severities").size(), r.get("license").asString(null), r.get("pipelineTag").asString(null),
                    d, truncated.contains(key)));
        }
        nodes.putAll(deployments);

        List<Edge> out = markCycles(edges.values());
        List<Node> ordered = new ArrayList<>(nodes.values());
        ordered.sort((a, b) -> a.key().equals(rootKey) ? -1 : b.key().equals(rootKey) ? 1 : 0);
        return new LineageGraph(rootKey, dir, depth, ordered, out, complete);
    }

    /** Spaces and deployments using {@code targets}; returns the Space keys found. */
    private static List<String> users(TransactionContext tx, Collection<String> targets, Map<String, Edge> edges,
                                      Set<String> others, Map<String, Node> deployments, Map<String, Integer> distance,
                                      Map<String, Integer> hangDistance) {
        List<String> spaces = new ArrayList<>();
        for (Record r : tx.run(USERS, Map.of("keys", List.copyOf(targets))).list()) {
            String to = r.get("to").asString();
            String from = r.get("from").asString();
            int d = distance.containsKey(to) ? distance.get(to) : hangDistance.getOrDefault(to, 0);
            if (r.get("deployment").asBoolean()) {
                edges.putIfAbsent(from + ">" + to, new Edge(from, to, EdgeType.USES, null, r.get("revision").asString(null),
                        r.get("pinned").isNull() ? Boolean.FALSE : r.get("pinned").asBoolean(), false, null));
                deployments.putIfAbsent(from, new Node(from, NodeKind.DEPLOYMENT, r.get("name").asString(),
                        r.get("owner").asString(null), false, r.get("env").asString(null), null, 0, null, 0, null, null, d, false));
            } else {
                edges.putIfAbsent(from + ">" + to, new Edge(from, to, EdgeType.USES, null, null, null, false, null));
                if (others.add(from)) spaces.add(from);
                hangDistance.merge(from, d, Math::max);
            }
        }
        return spaces;
    }

    /** Signed DERIVED_FROM distance from the root: ancestors positive, descendants negative. */
    private static Map<String, Integer> distances(String root, Collection<Edge> edges) {
        Map<String, List<String>> parents = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (Edge e : edges) {
            parents.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            children.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
        }
        Map<String, Integer> up = bfs(root, parents);
        Map<String, Integer> down = bfs(root, children);
        Map<String, Integer> out = new HashMap<>();
        down.forEach((k, v) -> out.put(k, -v));
        out.putAll(up);   // a node on a cycle through the root is shown as an ancestor
        return out;
    }

    private static Map<String, Integer> bfs(String root, Map<String, List<String>> next) {
        Map<String, Integer> dist = new HashMap<>();
        dist.put(root, 0);
        Deque<String> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            for (String m : next.getOrDefault(n, List.of())) {
                if (!dist.containsKey(m)) {
                    dist.put(m, dist.get(n) + 1);
                    queue.add(m);
                }
            }
        }
        return dist;
    }

    private static List<Edge> markCycles(Collection<Edge> edges) {
        List<String[]> derived = new ArrayList<>();
        for (Edge e : edges) if (e.type() == EdgeType.DERIVED_FROM) derived.add(new String[]{e.from(), e.to()});
        Map<String, Integer> comp = Cycles.components(derived);
        List<Edge> out = new ArrayList<>(edges.size());
        for (Edge e : edges) {
            boolean cycle = e.type() == EdgeType.DERIVED_FROM && comp.get(e.from()).equals(comp.get(e.to()));
            out.add(cycle ? new Edge(e.from(), e.to(), e.type(), e.relation(), e.revision(), e.pinned(), true, e.source()) : e);
        }
        return out;
    }

    /** Where a derivation claim was read (cardData, tags, adapter_config), comma-separated; null when unknown. */
    private static String sources(org.neo4j.driver.Value v) {
        List<String> s = new ArrayList<>();
        for (Object o : v.asList()) if (o != null) s.add(o.toString());
        return s.isEmpty() ? null : String.join(",", s);
    }

    static NodeKind kindOf(String key) {
        if (key.startsWith("dataset:")) return NodeKind.DATASET;
        if (key.startsWith("space:")) return NodeKind.SPACE;
        if (key.startsWith("deployment:")) return NodeKind.DEPLOYMENT;
        return NodeKind.MODEL;
    }

    static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
