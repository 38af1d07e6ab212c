package dev.aiprov.graph.lineage;

import java.util.List;
import java.util.Locale;

/**
 * The answer to "where does this model come from" (and, downwards, "what is built on it"): the
 * nodes reached from {@code root} within the depth, and the edges among them, as stored in the
 * graph (child → parent, user → artifact). Cycles are kept and their edges marked; a node whose
 * further ancestors or descendants lie past the depth is marked {@code truncated}.
 */
public record LineageGraph(String root, Direction direction, int depth, List<Node> nodes, List<Edge> edges,
                           boolean complete) {
    public LineageGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public enum Direction {
        UP, DOWN, BOTH;

        public boolean up() {
            return this != DOWN;
        }

        public boolean down() {
            return this != UP;
        }
    }

    public enum NodeKind {
        MODEL, DATASET, SPACE, DEPLOYMENT;

        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum EdgeType { DERIVED_FROM, TRAINED_ON, USES }

    /**
     * A model, dataset, Space or deployment. {@code distance} is the number of DERIVED_FROM hops
     * from the root (positive for ancestors, negative for descendants, 0 for the root; datasets,
     * Spaces and deployments take the distance of the model they hang from). {@code worstSeverity}
     * is the worst finding on any of its files (null when none is recorded), {@code findings} how many.
     * For a deployment, {@code author} is its owner and {@code status} its environment.
     */
    public record Node(String key, NodeKind kind, String id, String author, boolean unresolved, String status,
                       String headSha, long revisions, String worstSeverity, long findings, String license,
                       String pipelineTag, int distance, boolean truncated) {
    }

    /**
     * {@code from} derived from / was trained on / uses {@code to}. {@code relation} is the
     * DERIVED_FROM relation (finetune, adapter, quantized, merge, unknown); {@code revision} and
     * {@code pinned} describe a deployment's use; {@code cycle} is true for an edge on a cycle;
     * {@code source} says where the claim was read (cardData, tags, adapter_config; comma-separated
     * when several agree), null when not recorded.
     */
    public record Edge(String from, String to, EdgeType type, String relation, String revision, Boolean pinned,
                       boolean cycle, String source) {
    }

    public Node node(String key) {
        for (Node n : nodes) if (n.key().equals(key)) return n;
        return null;
    }
}
