package dev.aiprov.crawler.hub;

import java.util.Objects;

/** A Hub access token. {@link #toString()} never shows it; only the auth interceptor reads {@link #value()}. */
public final class HubToken {
    private final String value;
    private final String source;

    private HubToken(String value, String source) {
        this.value = value;
        this.source = source;
    }

    public static HubToken of(String value, String source) {
        String v = Objects.requireNonNull(value, "value").strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty token from " + source);
        }
        return new HubToken(v, source);
    }

    public String value() {
        return value;
    }

    /** Where the token came from ({@code HF_TOKEN}, a file path, ...), safe to print. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "HubToken[from " + source + "]";
    }
}
