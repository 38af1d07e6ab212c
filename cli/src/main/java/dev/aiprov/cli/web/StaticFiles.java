package dev.aiprov.cli.web;

import dev.aiprov.cli.web.WebServer.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The pages, scripts, styles and vendored libraries, served from the jar; names are whitelisted by pattern. */
final class StaticFiles {
    private static final String ROOT = "/dev/aiprov/cli/web/";
    private static final Pattern NAME = Pattern.compile("(vendor/)?[a-z0-9][a-z0-9.-]{0,63}\\.(html|js|css|png|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml");
    private static final byte[] MISSING = new byte[0];

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** {@code name} relative to the web resources (e.g. {@code lineage.html}, {@code vendor/cytoscape.min.js}); null when absent. */
    Response get(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) return null;
        byte[] body = cache.computeIfAbsent(name, StaticFiles::load);
        if (body == MISSING) return null;
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return new Response(200, TYPES.get(ext), body, Map.of());
    }

    private static byte[] load(String name) {
        String path = ROOT + (name.endsWith(".html") ? "pages/" : name.startsWith("vendor/") ? "" : "static/") + name;
        try (InputStream in = StaticFiles.class.getResourceAsStream(path)) {
            return in == null ? MISSING : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
