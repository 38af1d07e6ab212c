package dev.aiprov.cli.web;

import com.sun.net.httpserver.HttpExchange;
import dev.aiprov.cli.web.WebServer.Response;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may ask: the Host header must name the bound address (so a DNS-rebound name cannot reach a
 * loopback server), and the request must carry the token, given once as {@code ?token=} (then set as
 * a {@code SameSite=Strict; HttpOnly} cookie, as Jupyter does) and as that cookie after. Tokens are
 * compared in constant time.
 */
final class Access {
    private final byte[] token;
    private final String cookieName;
    private final Set<String> hosts = new HashSet<>();
    private final boolean anyHost;
    private final String authority;

    Access(String token, InetAddress bound, int port) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        // cookies are not per port: one name per port keeps two servers on one host apart
        this.cookieName = "aiprov-token-" + port;
        this.anyHost = bound.isAnyLocalAddress();
        String literal = bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        this.authority = (anyHost ? "127.0.0.1" : literal) + ":" + port;
        hosts.add(literal.toLowerCase(Locale.ROOT) + ":" + port);
        if (bound.isLoopbackAddress() || anyHost) {
            for (String h : List.of("127.0.0.1", "localhost", "[::1]")) hosts.add(h + ":" + port);
        }
    }

    /** host:port for URLs. */
    String authority() {
        return authority;
    }

    /** Null when the request may go on; else the refusal (or the redirect that sets the cookie). */
    Response check(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (!hostAllowed(host)) {
            return Response.text(403, "403 forbidden: unexpected Host header (open the URL aiprov serve printed)\n");
        }
        URI uri = ex.getRequestURI();
        Map<String, List<String>> query;
        try {
            query = Query.parse(uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return Response.text(400, "400 bad request: malformed query string\n");
        }
        List<String> given = query.get("token");
        if (given != null) {
            if (given.size() != 1 || !matches(given.get(0))) return Response.text(403, "403 forbidden: wrong token\n");
            String cookie = cookieName + "=" + given.get(0) + "; Path=/; HttpOnly; SameSite=Strict";
            return Response.redirect(uri.getRawPath() + Query.without(uri.getRawQuery(), "token"), Map.of("Set-Cookie", cookie));
        }
        String fromCookie = cookie(ex.getRequestHeaders().get("Cookie"));
        if (fromCookie == null) {
            return Response.text(401, "401 unauthorized: open the URL with ?token=… that aiprov serve printed\n");
        }
        return matches(fromCookie) ? null : Response.text(403, "403 forbidden: wrong token\n");
    }

    private boolean hostAllowed(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (hosts.contains(h)) return true;
        // bound to every interface (--bind 0.0.0.0): any IP literal on our port; names only for loopback
        return anyHost && h.endsWith(":" + authority.substring(authority.lastIndexOf(':') + 1))
                && h.matches("(\\[[0-9a-f:.]+]|[0-9.]+):\\d+");
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private String cookie(List<String> headers) {
        if (headers == null) return null;
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(cookieName + "=")) return p.substring(cookieName.length() + 1);
            }
        }
        return null;
    }
}
