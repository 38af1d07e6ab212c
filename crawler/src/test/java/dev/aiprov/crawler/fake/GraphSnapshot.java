package dev.aiprov.crawler.fake;

import dev.aiprov.graph.Graph;
import java.util.ArrayList;
import java.util.List;

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

    public static void clear(Graph g) {
        dev.aiprov.graph.TestGraphs.clear(g);
    }
}
