package dev.aiprov.crawler.hub;

/**
 * Where the client reports retries and rate-limit waits. Messages carry method, URL and status only,
 * never a header value (so never the token).
 */
@FunctionalInterface
public interface HubLog {
    void info(String message);

    /** Logs through {@link System.Logger} at INFO. */
    HubLog SYSTEM = message -> System.getLogger("dev.aiprov.crawler.hub").log(System.Logger.Level.INFO, message);
}
