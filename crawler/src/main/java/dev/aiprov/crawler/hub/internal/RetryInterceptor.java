package dev.aiprov.crawler.hub.internal;

import dev.aiprov.crawler.hub.HubClock;
import dev.aiprov.crawler.hub.HubLog;
import dev.aiprov.crawler.hub.HubStats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts every exchange, honours the Hub's {@code RateLimit} header (a bucket with {@code r=0}
 * blocks until its reset, {@code t+1} seconds) and retries 408/429/5xx and transport failures with
 * capped exponential backoff and jitter, as huggingface_hub's {@code http_backoff} does.
 */
public final class RetryInterceptor implements Interceptor {
    public static final int MAX_RETRIES = 5;
    public static final long BASE_WAIT_MILLIS = 1_000;
    public static final long MAX_WAIT_MILLIS = 8_000;
    /** Longest wait a rate-limit header or Retry-After may impose (the Hub's window is 300 s). */
    public static final long MAX_RATE_LIMIT_WAIT_MILLIS = 600_000;
    static final Set<Integer> RETRY_STATUS = Set.of(408, 429, 500, 502, 503, 504);
    private static final Pattern RATE_LIMIT = Pattern.compile("\"(\\w+)\"\\s*;\\s*r\\s*=\\s*(\\d+)\\s*;\\s*t\\s*=\\s*(\\d+)");

    private final HubStats stats;
    private final HubClock clock;
    private final HubLog log;
    private final Random random;
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

    public RetryInterceptor(HubStats stats, HubClock clock, HubLog log, long seed) {
        this.stats = stats;
        this.clock = clock;
        this.log = log;
        this.random = new Random(seed);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String bucket = bucket(request.url());
        for (int attempt = 0; ; attempt++) {
            waitForBucket(bucket, request);
            stats.countRequest();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (attempt >= MAX_RETRIES || chain.call().isCanceled()) {
                    throw e;
                }
                long wait = backoff(attempt);
                log.info(describe(request) + " failed (" + e.getClass().getSimpleName() + "), retry "
                        + (attempt + 1) + " in " + wait + " ms");
                pause(wait);
                stats.countRetry();
                continue;
            }
            RateLimit limit = RateLimit.parse(response.header("RateLimit"));
            if (limit != null && limit.remaining() == 0) {
                blockedUntil.put(limit.bucket(), clock.nowMillis() + limit.waitMillis());
            }
            int code = response.code();
            if (!RETRY_STATUS.contains(code) || attempt >= MAX_RETRIES) {
                return response;
            }
            long wait = code == 429 ? tooManyRequestsWait(limit, response.header("Retry-After"), attempt) : backoff(attempt);
            response.close();
            log.info(describe(request) + " -> " + code + ", retry " + (attempt + 1) + " in " + wait + " ms");
            pause(wait);
            stats.countRetry();
        }
    }

    private long tooManyRequestsWait(RateLimit limit, String retryAfter, int attempt) {
        if (limit != null && limit.remaining() == 0) {
            return Math.min(limit.waitMillis(), MAX_RATE_LIMIT_WAIT_MILLIS);
        }
        if (retryAfter != null) {
            try {
                long s = Long.parseLong(retryAfter.strip());
                if (s >= 0) {
                    return Math.min(s * 1000, MAX_RATE_LIMIT_WAIT_MILLIS);
                }
            } catch (NumberFormatException ignored) {
                // HTTP-date form: not supported (nor by huggingface_hub); fall back to backoff
            }
        }
        return backoff(attempt);
    }

    /** Capped exponential backoff with "equal jitter": half fixed, half random. */
    long backoff(int attempt) {
        long ceiling = Math.min(MAX_WAIT_MILLIS, BASE_WAIT_MILLIS << Math.min(attempt, 20));
        long half = ceiling / 2;
        synchronized (random) {
            return half + (long) (random.nextDouble() * (ceiling - half));
        }
    }

    private void waitForBucket(String bucket, Request request) throws IOException {
        Long until = blockedUntil.get(bucket);
        if (until == null) {
            return;
        }
        long wait = Math.min(until - clock.nowMillis(), MAX_RATE_LIMIT_WAIT_MILLIS);
        if (wait > 0) {
            log.info("rate limit of bucket " + bucket + " exhausted, waiting " + wait + " ms before " + describe(request));
            pause(wait);
        }
        blockedUntil.remove(bucket, until);
    }

    private void pause(long millis) throws IOException {
        stats.countWait(millis);
        try {
            clock.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while backing off");
        }
    }

    /** Rate-limit bucket of a URL: {@code resolvers} for /resolve/, {@code api} for /api/, else {@code pages}. */
    static String bucket(HttpUrl url) {
        String path = url.encodedPath();
        if (path.contains("/resolve/")) {
            return "resolvers";
        }
        return path.startsWith("/api/") ? "api" : "pages";
    }

    private static String describe(Request request) {
        return request.method() + " " + request.url().redact();
    }

    /** A parsed {@code RateLimit: "bucket";r=remaining;t=seconds} header. */
    public record RateLimit(String bucket, long remaining, long resetSeconds) {
        public static RateLimit parse(String header) {
            if (header == null) {
                return null;
            }
            Matcher m = RATE_LIMIT.matcher(header);
            if (!m.find()) {
                return null;
            }
            try {
                return new RateLimit(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        long waitMillis() {
            return (Math.min(resetSeconds, MAX_RATE_LIMIT_WAIT_MILLIS / 1000) + 1) * 1000;
        }
    }
}
