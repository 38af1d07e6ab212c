package dev.aiprov.crawler.schedule;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a stop request instead of a JVM shutdown, so that a long-running loop
 * ends the normal way: resources closed in order and exit status 0. A shutdown hook cannot do this:
 * once the JVM is shutting down, {@code System.exit} blocks and the status is 143. The first signal
 * calls {@code onStop} and restores the previous handlers, so a second one stops the process at once.
 */
public final class StopSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /**
     * Installs the handlers; {@code onStop} runs on the JVM's signal thread. A signal the JVM cannot
     * hand over (e.g. under {@code -Xrs}) keeps its default behaviour.
     */
    public static StopSignals install(Runnable onStop) {
        StopSignals s = new StopSignals();
        SignalHandler handler = sig -> {
            s.close();
            onStop.run();
        };
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, handler);
                synchronized (s) {
                    s.installed.add(sig);
                    s.previous.add(old);
                }
            } catch (IllegalArgumentException unavailable) {
                // reserved by the VM or the OS: the default (shutdown) applies
            }
        }
        return s;
    }

    /** Restores the handlers that were in place before {@link #install}. */
    @Override
    public synchronized void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                Signal.handle(installed.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // cannot happen for a signal we could install
            }
        }
        installed.clear();
        previous.clear();
    }
}
