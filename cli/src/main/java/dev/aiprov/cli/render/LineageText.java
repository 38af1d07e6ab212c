package dev.aiprov.cli.render;

import dev.aiprov.graph.lineage.LineageGraph;
import dev.aiprov.graph.lineage.LineageGraph.Edge;
import dev.aiprov.graph.lineage.LineageGraph.EdgeType;
import dev.aiprov.graph.lineage.LineageGraph.Node;
import dev.aiprov.graph.lineage.LineageGraph.NodeKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lineage as indented trees a person reads in a terminal: ancestors under the root (with
 * training data), then descendants with the Spaces and deployments using them. A node seen before
 * is printed once more as "(see above)", an edge back onto the current path as a cycle, so the
 * tree never loops.
 */
public final class LineageText {
    private final LineageGraph g;
    private final Map<String, List<Edge>> out = new HashMap<>();
    private final Map<String, List<Edge>> in = new HashMap<>();
    private final StringBuilder sb = new StringBuilder();
    private final Set<String> printed = new HashSet<>();

    private LineageText(LineageGraph g) {
        this.g = g;
        for (Edge e : g.edges()) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        }
        Comparator<Edge> order = Comparator.comparing((Edge e) -> e.type().ordinal()).thenComparing(Edge::to).thenComparing(Edge::from);
        out.values().forEach(l -> l.sort(order));
        in.values().forEach(l -> l.sort(order));
    }

    public static String render(LineageGraph g) {
        return new LineageText(g).run();
    }

    private String run() {
        Node root = g.node(g.root());
        if (g.direction().up()) {
            sb.append("Lineage of ").append(g.root()).append(" (ancestors, depth ").append(g.depth()).append(")\n");
            sb.append(label(root)).append('\n');
            printed.add(root.key());
            Set<String> path = new LinkedHashSet<>();
            path.add(root.key());
            up(root.key(), "", path);
        }
        if (g.direction().down()) {
            if (g.direction().up()) sb.append('\n');
            printed.clear();
            sb.append("Descendants and users of ").append(g.root()).append(" (depth ").append(g.depth()).append(")\n");
            sb.append(label(root)).append('\n');
            printed.add(root.key());
            Set<String> path = new LinkedHashSet<>();
            path.add(root.key());
            down(root.key(), "", path);
        }
        if (!g.complete()) sb.append("\n(incomplete: the answer was cut at the node limit)\n");
        summary();
        return sb.toString();
    }

    private void up(String key, String indent, Set<String> path) {
        List<Edge> edges = new ArrayList<>();
        for (Edge e : out.getOrDefault(key, List.of())) if (e.type() != EdgeType.USES) edges.add(e);
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            boolean last = i == edges.size() - 1;
            String verb = e.type() == EdgeType.TRAINED_ON ? "trained on" : rel(e) + " of";
            line(indent, last, verb + " ", e.to(), path, e);
            if (descend(e.to(), path)) {
                path.add(e.to());
                up(e.to(), indent + (last ? "   " : "│  "), path);
                path.remove(e.to());
            }
        }
    }

    private void down(String key, String indent, Set<String> path) {
        List<Edge> edges = new ArrayList<>();
        for (Edge e : in.getOrDefault(key, List.of())) if (e.type() != EdgeType.TRAINED_ON) edges.add(e);
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            boolean last = i == edges.size() - 1;
            Node n = g.node(e.from());
            String verb = e.type() == EdgeType.DERIVED_FROM ? rel(e) + " " :
                    n != null && n.kind() == NodeKind.DEPLOYMENT ? "deployed as " : "used by ";
            line(indent, last, verb, e.from(), path, e);
            if (descend(e.from(), path)) {
                path.add(e.from());
                down(e.from(), indent + (last ? "   " : "│  "), path);
                path.remove(e.from());
            }
        }
    }

    private boolean descend(String key, Set<String> path) {
        if (path.contains(key)) return false;
        return printed.add(key);
    }

    private void line(String indent, boolean last, String verb, String key, Set<String> path, Edge e) {
        sb.append(indent).append(last ? "└─ " : "├─ ").append(verb);
        Node n = g.node(key);
        if (path.contains(key)) {
            sb.append(key).append("  [CYCLE: back to ").append(key).append(" on this path]\n");
        } else if (printed.contains(key)) {
            sb.append(key).append("  (see above)\n");
        } else {
            sb.append(n == null ? key : label(n));
            if (e.type() == EdgeType.USES && e.pinned() != null) {
                sb.append(e.pinned() ? "  pinned " + shortSha(e.revision()) : "  unpinned (follows " + (e.revision() == null ? "main" : e.revision()) + ")");
            }
            if (e.cycle()) sb.append("  [on a cycle]");
            sb.append('\n');
        }
    }

    private static String rel(Edge e) {
        return e.relation() == null ? "derived" : e.relation();
    }

    /** One node as text: key, then what is known about it. */
    public static String label(Node n) {
        StringBuilder s = new StringBuilder(n.key());
        List<String> facts = new ArrayList<>();
        if (n.kind() == NodeKind.DEPLOYMENT) {
            if (n.status() != null) facts.add(n.status());
            if (n.author() != null) facts.add("owner " + n.author());
        } else {
            if (n.author() != null) facts.add("by " + n.author());
            if (n.headSha() != null) facts.add("head " + shortSha(n.headSha()) + " (" + n.revisions() + " revision" + (n.revisions() == 1 ? "" : "s") + ")");
            if (n.worstSeverity() != null) facts.add("worst finding " + n.worstSeverity() + " (" + n.findings() + ")");
        }
        if (!facts.isEmpty()) s.append("  ").append(String.join(" · ", facts));
        if (n.unresolved()) s.append("  [UNRESOLVED: not crawled]");
        else if (n.status() != null && !n.status().equals("ok") && n.kind() != NodeKind.DEPLOYMENT) s.append("  [").append(n.status().toUpperCase()).append("]");
        if (n.truncated()) s.append("  [… more beyond depth]");
        return s.toString();
    }

    private void summary() {
        Map<NodeKind, Integer> counts = new HashMap<>();
        int unresolved = 0;
        for (Node n : g.nodes()) {
            counts.merge(n.kind(), 1, Integer::sum);
            if (n.unresolved()) unresolved++;
        }
        long cycles = g.edges().stream().filter(Edge::cycle).count();
        sb.append('\n').append(Plural.of(counts.getOrDefault(NodeKind.MODEL, 0), "model")).append(", ")
                .append(Plural.of(counts.getOrDefault(NodeKind.DATASET, 0), "dataset"));
        if (g.direction().down()) {
            sb.append(", ").append(Plural.of(counts.getOrDefault(NodeKind.SPACE, 0), "Space")).append(", ")
                    .append(Plural.of(counts.getOrDefault(NodeKind.DEPLOYMENT, 0), "deployment"));
        }
        if (unresolved > 0) sb.append("; ").append(unresolved).append(" unresolved");
        if (cycles > 0) sb.append("; ").append(Plural.of(cycles, "edge")).append(" on cycles");
        sb.append('\n');
    }

    static String shortSha(String sha) {
        if (sha == null) return "(none)";
        return sha.length() > 12 && sha.matches("[0-9a-f]+") ? sha.substring(0, 12) : sha;
    }
}
