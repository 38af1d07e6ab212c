package dev.aiprov.inventory;

/** A {@code --deployment} the graph does not hold; the message is one line, safe to print. */
public final class UnknownDeploymentException extends IllegalArgumentException {
    public UnknownDeploymentException(String name) {
        super("no deployment named '" + name + "' (import a manifest first)");
    }
}
