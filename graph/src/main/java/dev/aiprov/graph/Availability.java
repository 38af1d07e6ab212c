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

    /**
     * True when the graph's status value {@code status} says the repo is gone upstream: missing,
     * private, gated or disabled. {@code error} (a failed read), {@code ok} and null are not.
     */
    public static boolean isGone(String status) {
        for (Availability a : values()) {
            if (a != ERROR && a.key.equals(status)) return true;
        }
        return false;
    }
}
