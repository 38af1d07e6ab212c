package dev.aiprov.inventory;

import java.util.List;

/**
 * A manifest or policy file that cannot be used. Each problem reads {@code FILE:LINE: message};
 * the exception's message is the first one, with a count of the others.
 */
public final class ManifestException extends Exception {
    private final List<String> problems;

    public ManifestException(List<String> problems) {
        super(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order, each {@code FILE:LINE: message}. */
    public List<String> problems() {
        return problems;
    }
}
