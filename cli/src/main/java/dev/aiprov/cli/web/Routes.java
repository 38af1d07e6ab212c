package dev.aiprov.cli.web;

import dev.aiprov.cli.web.WebServer.Response;

import java.net.URI;
import java.util.Map;

/** Path → page, static file or API answer. */
final class Routes {
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/lineage", "lineage.html", "/exposure", "exposure.html",
            "/findings", "findings.html", "/alerts", "alerts.html", "/inventory", "inventory.html");

    private final Api api;
    private final StaticFiles files;

    Routes(Api api, StaticFiles files) {
        this.api = api;
        this.files = files;
    }

    Response answer(URI uri) {
        String path = uri.getRawPath();
        if (path.startsWith("/api/")) return api.answer(path.substring("/api/".length()), uri.getRawQuery());
        Response r = null;
        if (PAGES.containsKey(path)) r = files.get(PAGES.get(path));
        else if (path.startsWith("/static/")) r = files.get(path.substring("/static/".length()));
        return r != null ? r : Response.text(404, "404 not found\n");
    }
}
