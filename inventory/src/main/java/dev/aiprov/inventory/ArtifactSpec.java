package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;

/**
 * {@code model:org/name@REVISION} (also {@code dataset:} and {@code space:}), as approvals name an
 * artifact. Approvals are pinned: the revision is required and must be a full commit sha.
 */
public record ArtifactSpec(RepoType type, String repo, String revision) {

    /** {@code model:org/name}. */
    public String key() {
        return type.key() + ":" + repo;
    }

    @Override
    public String toString() {
        return key() + "@" + revision;
    }

    /** Parses a spec; throws {@link IllegalArgumentException} with a message a user can act on. */
    public static ArtifactSpec parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected model:ORG/NAME@REVISION (or dataset:/space:), got '" + s + "'");
        }
        RepoType type;
        try {
            type = RepoType.parse(s.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown artifact type '" + s.substring(0, colon)
                    + "': use model:, dataset: or space:");
        }
        String rest = s.substring(colon + 1);
        int at = rest.indexOf('@');
        String repo = at < 0 ? rest : rest.substring(0, at);
        if (!RepoIds.isValid(repo)) {
            throw new IllegalArgumentException("bad repo id '" + repo + "': expected ORG/NAME");
        }
        if (at < 0 || at == rest.length() - 1) {
            throw new IllegalArgumentException("approvals are pinned to a revision: use " + type.key() + ":" + repo
                    + "@COMMIT_SHA (a new revision is never approved implicitly)");
        }
        String revision = rest.substring(at + 1);
        if (!RepoIds.isCommit(revision)) {
            throw new IllegalArgumentException("revision '" + revision + "' is not a commit: approvals are pinned to a "
                    + "full 40-hex commit sha, not a branch or tag");
        }
        return new ArtifactSpec(type, repo, RepoIds.normalizeRevision(revision));
    }
}
