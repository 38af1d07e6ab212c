package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;

import java.time.Instant;
import java.util.List;

/**
 * A validated deployments manifest ({@code aiprov.yaml}): what an organisation runs. {@code file} is
 * the path it was read from (null when built in memory).
 */
public record Manifest(String file, List<Deployment> deployments) {
    public Manifest {
        deployments = List.copyOf(deployments);
    }

    /** A deployment; {@code environment} and {@code owner} may be null. {@code line} is where it starts. */
    public record Deployment(String name, String environment, String owner, List<Use> uses, int line) {
        public Deployment {
            uses = List.copyOf(uses);
        }
    }

    /**
     * One artifact a deployment uses. {@code revision} null means it follows {@code main};
     * {@code pinned} is true only for a full commit sha. {@code source} is the registry or mirror it
     * is pulled from, {@code pulled} when.
     */
    public record Use(RepoType type, String repo, String revision, String source, Instant pulled, int line) {
        public boolean pinned() {
            return RepoIds.isCommit(revision);
        }

        /** {@code model:org/name}. */
        public String key() {
            return type.key() + ":" + repo;
        }
    }
}
