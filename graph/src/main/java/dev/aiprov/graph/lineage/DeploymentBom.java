package dev.aiprov.graph.lineage;

import java.util.List;

/**
 * What a deployment is made of, for a bill of materials: the repos it uses (with the revision it
 * runs), their ancestors and training data from the lineage, the files at the revision concerned
 * (with SHA-256 where the Hub gave an LFS oid) and the findings on those files.
 */
public record DeploymentBom(String name, String env, String owner, List<Use> uses, List<Component> components) {
    public DeploymentBom {
        uses = List.copyOf(uses);
        components = List.copyOf(components);
    }

    /** The deployment's own USES edge. */
    public record Use(String key, String revision, boolean pinned, String source) {
    }

    /**
     * A model, dataset or Space. {@code revision} is the revision the deployment runs (for a repo it
     * uses), else the head sha; {@code parents} are DERIVED_FROM edges, {@code datasets} TRAINED_ON.
     */
    public record Component(String key, LineageGraph.NodeKind kind, String id, String author, String revision,
                            String license, String pipelineTag, boolean unresolved, List<Parent> parents,
                            List<String> datasets, List<FileRef> files, List<FindingRef> findings) {
        public Component {
            parents = List.copyOf(parents);
            datasets = List.copyOf(datasets);
            files = List.copyOf(files);
            findings = List.copyOf(findings);
        }
    }

    public record Parent(String key, String relation) {
    }

    public record FileRef(String path, String sha256, long size) {
    }

    public record FindingRef(String rule, String severity, String message, String path) {
    }
}
