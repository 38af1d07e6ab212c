package dev.aiprov.cli.render;

/** Counts in messages: {@code 1 finding}, {@code 2 findings}, {@code 1 Space}. */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1. */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
