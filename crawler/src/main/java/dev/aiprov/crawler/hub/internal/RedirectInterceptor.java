package dev.aiprov.crawler.hub.internal;

import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects itself (OkHttp's own following is off) so that each hop goes through the
 * header, rate-limit and retry interceptors: a renamed repo answers {@code 307} with a relative
 * {@code Location}; a file may redirect to a CDN, which gets no token (see {@link HeaderInterceptor}).
 * A redirect of a repo API request ({@code /api/models/…}) is followed only when it stays on the same
 * origin under the same {@code /api/<type>s/} prefix, so a rename answer cannot send the crawler
 * elsewhere ({@code Location: /api/models/../../etc} is not followed; the 3xx is the answer).
 */
public final class RedirectInterceptor implements Interceptor {
    public static final int MAX_HOPS = 5;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Response response = chain.proceed(request);
        for (int hop = 0; hop < MAX_HOPS && isRedirect(response.code()); hop++) {
            String location = response.header("Location");
            HttpUrl next = location == null ? null : request.url().resolve(location);
            if (next == null || !staysInTheRepoApi(request.url(), next)) {
                return response;
            }
            response.close();
            Request.Builder b = request.newBuilder().url(next);
            if (response.code() == 303) {
                b.get();
            }
            request = b.build();
            response = chain.proceed(request);
        }
        return response;
    }

    static boolean staysInTheRepoApi(HttpUrl from, HttpUrl to) {
        List<String> f = from.pathSegments();
        if (f.size() < 2 || !f.get(0).equals("api")) return true;   // not an API request: /resolve/ may go to a CDN
        List<String> t = to.pathSegments();
        return from.scheme().equals(to.scheme()) && from.host().equalsIgnoreCase(to.host()) && from.port() == to.port()
                && t.size() > 2 && t.get(0).equals("api") && t.get(1).equals(f.get(1));
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }
}
