package dev.aiprov.cli.render;

import dev.aiprov.graph.lineage.LineageGraph;
import dev.aiprov.graph.lineage.LineageGraph.Edge;
import dev.aiprov.graph.lineage.LineageGraph.EdgeType;
import dev.aiprov.graph.lineage.LineageGraph.Node;
import dev.aiprov.graph.lineage.LineageGraph.NodeKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lineage as a picture: Mermaid flowchart or Graphviz DOT. Node ids are generated
 * ({@code n0}, {@code n1}, …) so no repo name ever reaches the syntax; labels are escaped for each
 * language. Edges point as in the graph (child → parent, user → artifact); unresolved nodes are
 * dashed, cycle edges red and dashed.
 */
public final class LineageDiagram {
    private LineageDiagram() {
    }

    public static String mermaid(LineageGraph g) {
        Map<String, String> ids = ids(g);
        StringBuilder sb = new StringBuilder("flowchart BT\n");
        for (Node n : g.nodes()) {
            String label = mermaidText(lines(n));
            String id = ids.get(n.key());
            sb.append("  ").append(id).append(switch (n.kind()) {
                case DATASET -> "[(\"" + label + "\")]";
                case SPACE -> "([\"" + label + "\"])";
                case DEPLOYMENT -> "{{\"" + label + "\"}}";
                default -> "[\"" + label + "\"]";
            });
            if (n.unresolved()) sb.append(":::unresolved");
            else if (n.key().equals(g.root())) sb.append(":::root");
            sb.append('\n');
        }
        int i = 0;
        List<Integer> cycleLinks = new ArrayList<>();
        for (Edge e : g.edges()) {
            if (!ids.containsKey(e.from()) || !ids.containsKey(e.to())) continue;
            sb.append("  ").append(ids.get(e.from())).append(e.cycle() ? " -.->|\"" : " -->|\"")
                    .append(mermaidText(edgeLabel(e))).append("\"| ").append(ids.get(e.to())).append('\n');
            if (e.cycle()) cycleLinks.add(i);
            i++;
        }
        sb.append("  classDef unresolved stroke-dasharray: 5 5,fill:#f4f4f4\n");
        sb.append("  classDef root stroke-width:3px\n");
        for (int k : cycleLinks) sb.append("  linkStyle ").append(k).append(" stroke:#d00\n");
        return sb.toString();
    }

    public static String dot(LineageGraph g) {
        Map<String, String> ids = ids(g);
        StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=BT;\n  node [shape=box, fontname=\"Helvetica\"];\n"
                + "  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : g.nodes()) {
            List<String> attrs = new ArrayList<>();
            attrs.add("label=\"" + dotText(String.join("\n", lines(n))) + "\"");
            attrs.add("shape=" + switch (n.kind()) {
                case DATASET -> "cylinder";
                case SPACE -> "component";
                case DEPLOYMENT -> "hexagon";
                default -> "box";
            });
            List<String> style = new ArrayList<>();
            if (n.unresolved()) style.add("dashed");
            if (n.key().equals(g.root())) style.add("bold");
            if (!style.isEmpty()) attrs.add("style=\"" + String.join(",", style) + "\"");
            sb.append("  ").append(ids.get(n.key())).append(" [").append(String.join(", ", attrs)).append("];\n");
        }
        for (Edge e : g.edges()) {
            if (!ids.containsKey(e.from()) || !ids.containsKey(e.to())) continue;
            sb.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to()))
                    .append(" [label=\"").append(dotText(edgeLabel(e))).append('"');
            if (e.cycle()) sb.append(", color=red, style=dashed");
            if (e.type() == EdgeType.TRAINED_ON) sb.append(", style=dotted");
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static Map<String, String> ids(LineageGraph g) {
        Map<String, String> ids = new HashMap<>();
        int i = 0;
        for (Node n : g.nodes()) ids.put(n.key(), "n" + i++);
        return ids;
    }

    private static List<String> lines(Node n) {
        List<String> l = new ArrayList<>();
        l.add(n.key());
        if (n.kind() == NodeKind.DEPLOYMENT) {
            l.add((n.status() == null ? "" : n.status() + " · ") + "owner " + (n.author() == null ? "?" : n.author()));
        } else if (n.unresolved()) {
            l.add("UNRESOLVED (not crawled)");
        } else if (n.headSha() != null) {
            l.add("head " + LineageText.shortSha(n.headSha()) + " · " + n.revisions() + " rev");
        }
        if (n.worstSeverity() != null) l.add("worst finding " + n.worstSeverity());
        if (n.truncated()) l.add("… more beyond depth");
        return l;
    }

    private static String edgeLabel(Edge e) {
        String s = switch (e.type()) {
            case DERIVED_FROM -> e.relation() == null ? "derived" : e.relation();
            case TRAINED_ON -> "trained on";
            case USES -> e.pinned() == null ? "uses" : e.pinned() ? "pinned " + LineageText.shortSha(e.revision()) : "unpinned";
        };
        return e.cycle() ? s + " (cycle)" : s;
    }

    /** Mermaid text inside a quoted label: entity codes for quotes and angle brackets, lines joined with br. */
    static String mermaidText(Object textOrLines) {
        List<String> parts = new ArrayList<>();
        if (textOrLines instanceof List<?> l) l.forEach(o -> parts.add(String.valueOf(o)));
        else parts.add(String.valueOf(textOrLines));
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            StringBuilder s = new StringBuilder();
            for (char c : p.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("#quot;");
                    case '<' -> s.append("#lt;");
                    case '>' -> s.append("#gt;");
                    case '#' -> s.append("#35;");
                    case '|' -> s.append("#124;");
                    case '\n', '\r' -> s.append(' ');
                    default -> s.append(c);
                }
            }
            out.add(s.toString());
        }
        return String.join("<br/>", out);
    }

    /** DOT double-quoted string: backslash and quote escaped, newlines as the \n escape. */
    static String dotText(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> { }
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
