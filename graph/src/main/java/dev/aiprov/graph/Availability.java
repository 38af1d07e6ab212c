package dev.aiprov.graph;

/** Why a repo (or one of its files) could not be read; {@link #key()} is the graph's status value. */
public enum Availability {
    GATED("gated"), PRIVATE("private"), MISSING("missing"), DISABLED("disabled"), ERROR("error");

    private final String key;

    Availability(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
