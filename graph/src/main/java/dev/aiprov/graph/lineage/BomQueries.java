package dev.aiprov.graph.lineage;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import dev.aiprov.graph.lineage.DeploymentBom.Component;
import dev.aiprov.graph.lineage.DeploymentBom.FileRef;
import dev.aiprov.graph.lineage.DeploymentBom.FindingRef;
import dev.aiprov.graph.lineage.DeploymentBom.Parent;
import dev.aiprov.graph.lineage.DeploymentBom.Use;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads what {@link DeploymentBom} holds for one deployment. */
public final class BomQueries {
    private static final String DEPLOYMENT = """
            MATCH (d:Deployment {name: $name})
            OPTIONAL MATCH (d)-[u:USES]->(t:Repo)
            RETURN d.env AS env, d.owner AS owner, t.key AS key, u.revision AS revision,
                   coalesce(u.pinned, false) AS pinned, u.source AS source
            ORDER BY key
            """;

    private static final String SPACE_USES = """
            UNWIND $keys AS k
            MATCH (:Space {key: k})-[:USES]->(t:Repo)
            RETURN DISTINCT t.key AS key
            """;

    private static final String ANCESTORS = """
            UNWIND $keys AS k
            MATCH (:Repo {key: k})-[:DERIVED_FROM*1..%d]->(a:Model)
            RETURN DISTINCT a.key AS key
            """;

    private static final String COMPONENTS = """
            UNWIND $keys AS k
            MATCH (n:Repo {key: k})
            RETURN n.key AS key, n.id AS id, n.author AS author, n.sha AS sha, n.license AS license,
                   n.pipelineTag AS pipelineTag, coalesce(n.unresolved, false) AS unresolved,
                   [(n)-[e:DERIVED_FROM]->(p:Model) | [p.key, e.relation]] AS parents,
                   [(n)-[:TRAINED_ON]->(d:Dataset) | d.key] AS datasets
            """;

    private static final String FILES = """
            UNWIND $rows AS r
            MATCH (v:Revision {key: r.key + '@' + r.sha})-[:HAS_FILE]->(f:File)
            RETURN r.key AS key, f.path AS path, f.sha256 AS sha256, coalesce(f.size, 0) AS size,
                   [(f)-[:HAS_FINDING]->(x:Finding) | [x.rule, x.severity, x.message]] AS findings
            ORDER BY key, path
            """;

    private final Graph graph;

    public BomQueries(Graph graph) {
        this.graph = graph;
    }

    /** The bill of materials of deployment {@code name}; empty when there is no such deployment. */
    public Optional<DeploymentBom> deployment(String name, int depth) {
        if (depth < 1 || depth > LineageQueries.MAX_DEPTH) throw new IllegalArgumentException("depth must be 1.." + LineageQueries.MAX_DEPTH);
        SessionConfig cfg = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (var session = graph.driver().session(cfg)) {
            return session.executeRead(tx -> Optional.ofNullable(read(tx, name, depth)));
        } catch (RuntimeException e) {
            if (e instanceof GraphException g) throw g;
            throw new GraphException("bill-of-materials query failed on " + graph.describe() + ": " + LineageQueries.firstLine(e.getMessage()), e);
        }
    }

    private static DeploymentBom read(TransactionContext tx, String name, int depth) {
        List<Record> rows = tx.run(DEPLOYMENT, Map.of("name", name)).list();
        if (rows.isEmpty()) return null;
        String env = rows.get(0).get("env").asString(null);
        String owner = rows.get(0).get("owner").asString(null);
        List<Use> uses = new ArrayList<>();
        Map<String, String> usedRevision = new HashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Record r : rows) {
            if (r.get("key").isNull()) continue;
            Use u = new Use(r.get("key").asString(), r.get("revision").asString(null), r.get("pinned").asBoolean(),
                    r.get("source").asString(null));
            uses.add(u);
            keys.add(u.key());
            if (u.revision() != null) usedRevision.put(u.key(), u.revision());
        }
        List<String> spaces = keys.stream().filter(k -> k.startsWith("space:")).toList();
        if (!spaces.isEmpty()) tx.run(SPACE_USES, Map.of("keys", spaces)).forEachRemaining(r -> keys.add(r.get("key").asString()));
        List<String> models = keys.stream().filter(k -> k.startsWith("model:")).toList();
        if (!models.isEmpty()) {
            tx.run(ANCESTORS.formatted(depth), Map.of("keys", models)).forEachRemaining(r -> keys.add(r.get("key").asString()));
        }
        List<Record> comps = tx.run(COMPONENTS, Map.of("keys", List.copyOf(keys))).list();
        Set<String> datasets = new LinkedHashSet<>();
        for (Record r : comps) for (Object d : r.get("datasets").asList()) datasets.add((String) d);
        datasets.removeAll(keys);
        if (!datasets.isEmpty()) {
            comps = new ArrayList<>(comps);
            comps.addAll(tx.run(COMPONENTS, Map.of("keys", List.copyOf(datasets))).list());
        }

        List<Map<String, Object>> fileRows = new ArrayList<>();
        for (Record r : comps) {
            String key = r.get("key").asString();
            String sha = usedRevision.getOrDefault(key, r.get("sha").asString(null));
            if (sha != null) fileRows.add(Map.of("key", key, "sha", sha));
        }
        Map<String, List<FileRef>> files = new HashMap<>();
        Map<String, List<FindingRef>> findings = new HashMap<>();
        for (Record r : tx.run(FILES, Map.of("rows", fileRows)).list()) {
            String key = r.get("key").asString();
            String path = r.get("path").asString();
            files.computeIfAbsent(key, k -> new ArrayList<>()).add(new FileRef(path, r.get("sha256").asString(null), r.get("size").asLong()));
            for (Object o : r.get("findings").asList()) {
                List<?> f = (List<?>) o;
                findings.computeIfAbsent(key, k -> new ArrayList<>()).add(new FindingRef(
                        String.valueOf(f.get(0)), f.get(1) == null ? null : String.valueOf(f.get(1)),
                        f.get(2) == null ? null : String.valueOf(f.get(2)), path));
            }
        }
        List<Component> out = new ArrayList<>();
        for (Record r : comps) {
            String key = r.get("key").asString();
            List<Parent> parents = new ArrayList<>();
            for (Object o : r.get("parents").asList()) {
                List<?> p = (List<?>) o;
                parents.add(new Parent(String.valueOf(p.get(0)), p.get(1) == null ? "unknown" : String.valueOf(p.get(1))));
            }
            List<String> ds = new ArrayList<>();
            for (Object o : r.get("datasets").asList()) ds.add((String) o);
            out.add(new Component(key, LineageQueries.kindOf(key), r.get("id").asString(), r.get("author").asString(null),
                    usedRevision.getOrDefault(key, r.get("sha").asString(null)), r.get("license").asString(null),
                    r.get("pipelineTag").asString(null), r.get("unresolved").asBoolean(), parents, ds,
                    files.getOrDefault(key, List.of()), findings.getOrDefault(key, List.of())));
        }
        return new DeploymentBom(name, env, owner, uses, out);
    }
}
