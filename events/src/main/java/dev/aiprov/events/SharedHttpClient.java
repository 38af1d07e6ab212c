package dev.aiprov.events;

import okhttp3.OkHttpClient;

/**
 * The process's one OkHttp client. Every HTTP user (the Hub client of a crawl and of each scheduled
 * run, its file client, the webhook sink) takes its own timeouts, redirects and interceptors from
 * {@link #builder()}, which shares this client's connection pool and dispatcher, so a scheduled crawl
 * does not open a new pool per run and a webhook reuses connections. Users never shut the shared
 * pool down: closing a user only evicts idle connections.
 */
public final class SharedHttpClient {
    private static final OkHttpClient BASE = new OkHttpClient();

    private SharedHttpClient() {
    }

    /** A builder sharing the process's connection pool and dispatcher. */
    public static OkHttpClient.Builder builder() {
        return BASE.newBuilder();
    }

    /** Closes the shared pool's idle connections (those in use are left alone). */
    public static void evictIdle() {
        BASE.connectionPool().evictAll();
    }
}
