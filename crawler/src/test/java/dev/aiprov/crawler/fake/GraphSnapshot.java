package dev.aiprov.crawler.fake;

import dev.aiprov.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test-only reads of the graph: a timestamp-free description of every node and edge, to compare crawls. */
public final class GraphSnapshot {
    private GraphSnapshot() {
    }

    public static List<String> of(Graph g) {
        List<String> out = new ArrayList<>();
        try (var s = g.driver().session()) {
            s.run("""
                    MATCH (n) RETURN labels(n) AS l, coalesce(n.key, n.name) AS k, n.status AS st, n.unresolved AS u,
                           n.sha AS sha, n.size AS size, n.title AS title
                    """).list().forEach(r -> out.add("N " + r.get("l").asList() + " " + r.get("k").asString() + " "
                    + r.get("st") + " " + r.get("u") + " " + r.get("sha") + " " + r.get("size") + " " + r.get("title")));
            s.run("""
                    MATCH (a)-[e]->(b) RETURN type(e) AS t, coalesce(a.key, a.name) AS a, coalesce(b.key, b.name) AS b,
                           e.relation AS rel, e.sources AS src
                    """).list().forEach(r -> out.add("E " + r.get("t").asString() + " " + r.get("a").asString() + " -> "
                    + r.get("b").asString() + " " + r.get("rel") + " " + r.get("src")));
        }
        out.sort(null);
        return out;
    }

    /** Every node and edge but revisions and files, and every repo with its properties (timestamps aside). */
    public static List<String> metadata(Graph g) {
        List<String> out = new ArrayList<>(of(g).stream()
                .filter(l -> !l.contains("HAS_REVISION") && !l.contains("HAS_FILE") && !l.startsWith("N [Revision]")
                        && !l.startsWith("N [File]"))
                .toList());
        try (var s = g.driver().session()) {
            s.run("MATCH (n:Repo) RETURN n.key AS k, properties(n) AS p ORDER BY k").list().forEach(r -> {
                Map<String, Object> props = new TreeMap<>(r.get("p").asMap());
                props.keySet().removeAll(List.of("firstSeen", "lastCrawled"));
                out.add("P " + r.get("k").asString() + " " + props);
            });
        }
        return out;
    }

    public static void clear(Graph g) {
        dev.aiprov.graph.TestGraphs.clear(g);
    }
}
