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
import org.neo4j.driver.Value;

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

    /*
     * One query per direction returns, per model, everything the answer needs about it (details, its
     * parent edges, and per direction its training data or its users), so a big answer costs one index
     * seek and one row per node instead of a key list sent back for each of four follow-up queries.
     */
    private static final String NODE = """
            RETURN n.key AS key, n:Repo AS repo, n.id AS id,
                   coalesce(n.author, head([(a:Author)-[:PUBLISHED]->(n) | a.name])) AS author,
                   coalesce(n.unresolved, false) AS unresolved, n.status AS status, n.sha AS sha,
                   n.license AS license, n.pipelineTag AS pipelineTag,
                   COUNT { (n)-[:HAS_REVISION]->(:Revision) } AS revisions,
                   [(n)-[:HAS_REVISION]->(:Revision)-[:HAS_FILE]->(:File)-[:HAS_FINDING]->(f:Finding) | f.severity] AS severities,
                   [(n)-[e:DERIVED_FROM]->(p:Model) | [p.key, e.relation, coalesce(e.sources, [e.source])]] AS parents,
                   %s AS datasets,
                   %s AS users
            """;
    private static final String NODE_DATASETS = "[(n)-[e:TRAINED_ON]->(d:Dataset) | [d.key, e.source]]";
    private static final String NODE_USERS = """
            [(n)<-[u:USES]-(x) WHERE x:Space OR x:Deployment | [x:Deployment,
                    CASE WHEN x:Deployment THEN 'deployment:' + x.name ELSE x.key END,
                    x.name, x.env, x.owner, u.revision, u.pinned]]""";

    private static final String ROOT = """
            MATCH (n:Model {id: $id})
            """ + NODE;

    // the depth is an int validated by the caller and formatted in; Cypher cannot take it as a parameter
    private static final String ANCESTORS = """
            MATCH (:Model {id: $id})-[:DERIVED_FROM*1..%d]->(a:Model)
            WITH DISTINCT a AS n LIMIT $limit
            """ + NODE;

    private static final String DESCENDANTS = """
            MATCH (:Model {id: $id})<-[:DERIVED_FROM*1..%d]-(d:Model)
            WITH DISTINCT d AS n LIMIT $limit
            """ + NODE;

    private static final String HAS_CHILDREN = """
            UNWIND $keys AS k
            MATCH (p:Repo {key: k})
            WHERE EXISTS { (p)<-[:DERIVED_FROM]-(:Model) }
            RETURN p.key AS key
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

    /** One model as its direction query returns it: details, parent edges, training data and users. */
    private record Row(String key, Record r) {
        boolean repo() {
            return r.get("repo").asBoolean(false);
        }

        Node node(int distance, boolean truncated) {
            return new Node(key, kindOf(key), r.get("id").asString(), r.get("author").asString(null),
                    r.get("unresolved").asBoolean(false), r.get("status").asString(null), r.get("sha").asString(null),
                    r.get("revisions").asLong(0), Severities.worst(r.get("severities").asList()),
                    r.get("severities").size(), r.get("license").asString(null), r.get("pipelineTag").asString(null),
                    distance, truncated);
        }
    }

    /** A Space or deployment using {@code to}. */
    private record Use(String to, boolean deployment, String from, String name, String env, String owner, String revision,
                       Boolean pinned) {
    }

    private static LineageGraph read(TransactionContext tx, String id, Direction dir, int depth, int limit) {
        String datasetsExpr = dir.up() ? NODE_DATASETS : "null";
        String usersExpr = dir.down() ? NODE_USERS : "null";
        List<Record> root = tx.run(ROOT.formatted(datasetsExpr, usersExpr), Map.of("id", id)).list();
        if (root.isEmpty()) return null;
        String rootKey = root.get(0).get("key").asString();
        Map<String, Row> rows = new HashMap<>();   // the up-side row of a model; users from its down-side row
        Map<String, Value> users = new HashMap<>();
        rows.put(rootKey, new Row(rootKey, root.get(0)));
        users.put(rootKey, root.get(0).get("users"));
        boolean complete = true;

        Set<String> up = new LinkedHashSet<>();
        Set<String> down = new LinkedHashSet<>();
        if (dir.up()) {
            tx.run(ANCESTORS.formatted(depth, datasetsExpr, "null"), Map.of("id", id, "limit", limit)).forEachRemaining(r -> {
                String key = r.get("key").asString();
                up.add(key);
                rows.putIfAbsent(key, new Row(key, r));
            });
            complete &= up.size() < limit;
        }
        if (dir.down()) {
            tx.run(DESCENDANTS.formatted(depth, "null", usersExpr), Map.of("id", id, "limit", limit)).forEachRemaining(r -> {
                String key = r.get("key").asString();
                down.add(key);
                rows.putIfAbsent(key, new Row(key, r));
                users.putIfAbsent(key, r.get("users"));
            });
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
        for (String from : models) {
            Row row = rows.get(from);
            if (!row.repo()) continue;
            for (Value p : row.r().get("parents").values()) {
                String to = p.get(0).asString();
                if (models.contains(to)) {
                    edges.put(from + ">" + to, new Edge(from, to, EdgeType.DERIVED_FROM, p.get(1).asString(null), null, null, false,
                            sources(p.get(2))));
                } else if (dir.up() && upSide.contains(from)) {
                    truncated.add(from);
                }
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
            for (String from : List.copyOf(upSide)) {
                Row row = rows.get(from);
                if (!row.repo()) continue;
                for (Value d : row.r().get("datasets").values()) {
                    String to = d.get(0).asString();
                    edges.putIfAbsent(from + ">" + to, new Edge(from, to, EdgeType.TRAINED_ON, null, null, null, false,
                            d.get(1).asString(null)));
                    others.add(to);
                    hangDistance.merge(to, distance.getOrDefault(from, 0), Math::min);
                }
            }
        }
        if (dir.down()) {
            List<Use> uses = new ArrayList<>();
            Set<String> targets = new LinkedHashSet<>();
            targets.add(rootKey);
            targets.addAll(down);
            for (String to : targets) {
                if (!rows.get(to).repo()) continue;
                for (Value u : users.get(to).values()) {
                    uses.add(new Use(to, u.get(0).asBoolean(), u.get(1).asString(), u.get(2).asString(), u.get(3).asString(null),
                            u.get(4).asString(null), u.get(5).asString(null), u.get(6).isNull() ? Boolean.FALSE : u.get(6).asBoolean()));
                }
            }
            List<String> spaces = users(uses, edges, others, deployments, distance, hangDistance);
            if (!spaces.isEmpty()) {
                List<Use> second = new ArrayList<>();
                for (Record r : tx.run(USERS, Map.of("keys", spaces)).list()) {
                    second.add(new Use(r.get("to").asString(), r.get("deployment").asBoolean(), r.get("from").asString(),
                            r.get("name").asString(), r.get("env").asString(null), r.get("owner").asString(null),
                            r.get("revision").asString(null), r.get("pinned").isNull() ? Boolean.FALSE : r.get("pinned").asBoolean()));
                }
                users(second, edges, others, deployments, distance, hangDistance);
            }
        }

        Map<String, Node> nodes = new LinkedHashMap<>();
        for (String key : models) {
            Row row = rows.get(key);
            if (row.repo()) nodes.put(key, row.node(nodeDistance(key, distance, hangDistance), truncated.contains(key)));
        }
        if (!others.isEmpty()) {
            for (Record r : tx.run(DETAILS, Map.of("keys", List.copyOf(others))).list()) {
                String key = r.get("key").asString();
                nodes.put(key, new Row(key, r).node(nodeDistance(key, distance, hangDistance), truncated.contains(key)));
            }
        }
        nodes.putAll(deployments);

        List<Edge> out = markCycles(edges.values());
        List<Node> ordered = new ArrayList<>(nodes.values());
        ordered.sort((a, b) -> a.key().equals(rootKey) ? -1 : b.key().equals(rootKey) ? 1 : 0);
        return new LineageGraph(rootKey, dir, depth, ordered, out, complete);
    }

    private static int nodeDistance(String key, Map<String, Integer> distance, Map<String, Integer> hangDistance) {
        return distance.containsKey(key) ? distance.get(key) : hangDistance.getOrDefault(key, 0);
    }

    /** Records the Spaces and deployments of {@code uses}; returns the Space keys found. */
    private static List<String> users(List<Use> uses, Map<String, Edge> edges, Set<String> others, Map<String, Node> deployments,
                                      Map<String, Integer> distance, Map<String, Integer> hangDistance) {
        List<String> spaces = new ArrayList<>();
        for (Use u : uses) {
            String to = u.to();
            String from = u.from();
            int d = nodeDistance(to, distance, hangDistance);
            if (u.deployment()) {
                edges.putIfAbsent(from + ">" + to, new Edge(from, to, EdgeType.USES, null, u.revision(), u.pinned(), false, null));
                deployments.putIfAbsent(from, new Node(from, NodeKind.DEPLOYMENT, u.name(), u.owner(), false, u.env(), null, 0, null, 0,
                        null, null, d, false));
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
    private static String sources(Value v) {
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
