package dev.aiprov.crawler.job.internal;

import dev.aiprov.graph.RepoType;

/**
 * A repo to crawl. {@code direction}: SEED (follow up and, with descendants, down), UP (an ancestor:
 * follow up), DOWN (a descendant: follow down).
 */
public record FrontierItem(long seq, RepoType type, String id, int depth, Direction direction) {
    public enum Direction { SEED, UP, DOWN }

    public static FrontierItem discovered(RepoType type, String id, int depth, Direction direction) {
        return new FrontierItem(0, type, id, depth, direction);
    }
}
