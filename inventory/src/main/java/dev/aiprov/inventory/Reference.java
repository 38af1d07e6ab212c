package dev.aiprov.inventory;

import dev.aiprov.graph.RepoType;

/**
 * A Hub reference found in a source tree: which repo, the revision it pins ({@code null} when it
 * follows {@code main}), and where: {@code file} relative to the scanned directory with forward
 * slashes, {@code line} 1-based in the file as stored (for notebooks, the line of the .ipynb JSON).
 */
public record Reference(RepoType type, String repo, String revision, String file, int line) {
    /** {@code model:org/name}. */
    public String key() {
        return type.key() + ":" + repo;
    }
}
