package dev.aiprov.graph;

import java.util.Locale;

/** The three kinds of Hub repository, with their graph label and URL forms. */
public enum RepoType {
    MODEL("Model", "models", ""),
    DATASET("Dataset", "datasets", "datasets/"),
    SPACE("Space", "spaces", "spaces/");

    private final String label;
    private final String apiPlural;
    private final String urlPrefix;

    RepoType(String label, String apiPlural, String urlPrefix) {
        this.label = label;
        this.apiPlural = apiPlural;
        this.urlPrefix = urlPrefix;
    }

    /** Node label in the graph: {@code Model}, {@code Dataset}, {@code Space}. */
    public String label() {
        return label;
    }

    /** Path segment of the Hub API: {@code /api/models}, {@code /api/datasets}, {@code /api/spaces}. */
    public String apiPlural() {
        return apiPlural;
    }

    /** Prefix before the repo id in resolve URLs: empty for models, {@code datasets/}, {@code spaces/}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** {@code model}, {@code dataset} or {@code space}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RepoType parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
