package dev.aiprov.crawler.hub.internal;

import dev.aiprov.crawler.hub.HubToken;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets the user agent on every request and {@code Authorization: Bearer} only on requests to the
 * configured endpoint's origin, so a redirect to a CDN or a hostile {@code Link} never carries the
 * token.
 */
public final class HeaderInterceptor implements Interceptor {
    private final HttpUrl endpoint;
    private final HubToken token;
    private final String userAgent;

    public HeaderInterceptor(HttpUrl endpoint, HubToken token, String userAgent) {
        this.endpoint = endpoint;
        this.token = token;
        this.userAgent = userAgent;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder b = request.newBuilder().header("User-Agent", userAgent);
        HttpUrl url = request.url();
        if (token != null && sameOrigin(url)) {
            b.header("Authorization", "Bearer " + token.value());
        } else {
            b.removeHeader("Authorization");
        }
        return chain.proceed(b.build());
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(endpoint.scheme()) && url.host().equalsIgnoreCase(endpoint.host())
                && url.port() == endpoint.port();
    }
}
