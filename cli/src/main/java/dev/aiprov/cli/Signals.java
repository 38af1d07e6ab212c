package dev.aiprov.cli;

/**
 * SIGTERM and SIGINT handled by the program instead of the JVM's default (which runs shutdown hooks
 * and exits 143/130): long-running commands stop cleanly and exit 0.
 */
final class Signals {
    private Signals() {
    }

    @SuppressWarnings("restriction")
    static void onTerminate(Runnable action) {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here (e.g. INT under some launchers): the shutdown hook still cleans up
            }
        }
    }
}
