package dev.aiprov.crawler.job;

import dev.aiprov.graph.RepoId;
import dev.aiprov.graph.RepoType;
import java.util.Objects;

/** Where a crawl starts: one repo, or every model, dataset and Space of an author (user or org). */
public record Seed(Kind kind, String value) {
    public enum Kind { MODEL, DATASET, SPACE, AUTHOR }

    /** Validates the value: a {@link RepoId} for a repo seed, an owner name for an author (nothing is trimmed). */
    public Seed {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        String option = "--" + kind.name().toLowerCase(java.util.Locale.ROOT);
        if (kind == Kind.AUTHOR) {
            if (!RepoId.isValidOwner(value)) {
                throw new IllegalArgumentException(option + ": not a user or organisation name: '" + RepoId.printable(value) + "'");
            }
        } else {
            try {
                RepoId.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage());
            }
        }
    }

    public static Seed model(String id) {
        return new Seed(Kind.MODEL, id);
    }

    public static Seed dataset(String id) {
        return new Seed(Kind.DATASET, id);
    }

    public static Seed space(String id) {
        return new Seed(Kind.SPACE, id);
    }

    public static Seed author(String name) {
        return new Seed(Kind.AUTHOR, name);
    }

    /** The repo type of a repo seed; null for an author. */
    public RepoType repoType() {
        return switch (kind) {
            case MODEL -> RepoType.MODEL;
            case DATASET -> RepoType.DATASET;
            case SPACE -> RepoType.SPACE;
            case AUTHOR -> null;
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
    }
}
