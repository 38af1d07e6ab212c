package dev.aiprov.crawler.hub;

import dev.aiprov.graph.Availability;

/**
 * The Hub rejected the token itself ({@code 401 Invalid credentials in Authorization header}).
 * Every further request would fail the same way, so a crawl stops on it instead of recording it.
 */
public final class InvalidTokenException extends HubException {
    public InvalidTokenException(String message) {
        super(Availability.ERROR, 401, null, message, null);
    }
}
