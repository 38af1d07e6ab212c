package dev.aiprov.graph.lineage;

import java.util.List;

/**
 * The answer to "this artifact is compromised: what of ours is affected, and why". {@code seeds} are
 * the compromised repos the artifact resolved to (with the revisions concerned, when known);
 * {@code affected} every deployment and Space reached, each with the shortest path that explains
 * it (ids from the deployment to the artifact); {@code notAffected} deployments that use a
 * compromised repo but are pinned to a revision outside the affected ones; {@code artifacts} the
 * affected models and datasets, seeds included, nearest first.
 */
public record Exposure(String artifact, String since, String until, List<Seed> seeds, List<Affected> affected,
                       List<NotAffected> notAffected, List<String> artifacts, List<Approval> approvals,
                       List<String> notes, boolean complete) {
    public Exposure {
        seeds = List.copyOf(seeds);
        affected = List.copyOf(affected);
        notAffected = List.copyOf(notAffected);
        artifacts = List.copyOf(artifacts);
        approvals = List.copyOf(approvals);
        notes = List.copyOf(notes);
    }

    public boolean none() {
        return affected.isEmpty() && artifacts.isEmpty();
    }

    /**
     * A compromised repo. {@code revisions}: the affected revisions (empty means every revision);
     * {@code evidence}: ids after the repo in every path that ends here (the file, secret or rule
     * that made it a seed); {@code why}: one line; {@code knownGood}: the newest revision dated
     * before the first affected one, when the commit history is known.
     */
    public record Seed(String key, String author, String headSha, List<String> revisions, List<String> evidence,
                       String why, String knownGood, String knownGoodDate) {
        public Seed {
            revisions = List.copyOf(revisions);
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * An affected deployment ({@code kind} {@code deployment}) or public Space ({@code space}).
     * {@code pinned}/{@code revision} describe the use on the first hop of {@code path}.
     */
    public record Affected(String kind, String name, String owner, String env, boolean pinned, String revision,
                           List<String> path, String reason) {
        public Affected {
            path = List.copyOf(path);
        }
    }

    /** A deployment of a compromised repo that is pinned to a revision outside the affected ones. */
    public record NotAffected(String kind, String name, String owner, String env, String artifact, String revision,
                              String revisionDate, String reason) {
    }

    /** An approval of an affected artifact, to revoke. */
    public record Approval(String id, String artifact, String revision, String by, String action, String expires) {
    }
}
