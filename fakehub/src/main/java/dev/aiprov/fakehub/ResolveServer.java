package dev.aiprov.fakehub;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The Hub's resolve endpoint as measured (shared/hf-samples/resolve_head_whisper_cpp.json): LFS files
 * answer {@code 302} with {@code X-Linked-Size}, {@code X-Linked-Etag} (the sha256), {@code X-Repo-Commit}
 * and a signed CDN {@code Location}; the CDN honours {@code Range} with 206 and {@code Content-Range};
 * small git files are served directly with 200. Counts the body bytes it sends.
 */
public final class ResolveServer extends Dispatcher {
    /** A served file: size and a function giving the byte at each offset (so multi-GB files cost no memory). */
    public record Content(long size, LongFunction<byte[]> range, boolean lfs, String sha256) {
    }

    private final Map<String, Content> files = new ConcurrentHashMap<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile boolean ignoreRange;
    private final Dispatcher fallback;

    public ResolveServer(Dispatcher fallback) {
        this.fallback = fallback;
    }

    /** Serves {@code data} at /{prefix}{repo}/resolve/{rev}/{path}. */
    public void put(String resolvePath, byte[] data, boolean lfs) {
        files.put(resolvePath, new Content(data.length, pos -> data, lfs, sha256(data)));
    }

    /** A large file whose bytes come from {@code reader(offset, length)} (called per request). */
    public void putLarge(String resolvePath, long size, java.util.function.BiFunction<Long, Integer, byte[]> reader, String sha256) {
        files.put(resolvePath, new Content(size, pos -> null, true, sha256));
        large.put(resolvePath, reader);
    }

    private final Map<String, java.util.function.BiFunction<Long, Integer, byte[]>> large = new ConcurrentHashMap<>();

    public void ignoreRange(boolean v) {
        ignoreRange = v;
    }

    public long bodyBytes() {
        return bodyBytes.get();
    }

    public List<String> log() {
        return log;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        String range = request.getHeaders().get("Range");
        log.add(request.getMethod() + " " + path + (range == null ? "" : " " + range));
        if (path.startsWith("/cdn/")) {
            return serve(path.substring(4), range);
        }
        Content c = files.get(path);
        if (c == null) {
            if (path.contains("/resolve/")) {
                return new MockResponse.Builder().code(404).setHeader("X-Error-Code", "EntryNotFound")
                        .body("{\"error\":\"Entry not found\"}").build();
            }
            return fallback == null ? new MockResponse.Builder().code(404).build() : fallback.dispatch(request);
        }
        if (c.lfs()) {
            return new MockResponse.Builder().code(302)
                    .setHeader("Location", "/cdn" + path + "?Expires=1893456000&Signature=abc")
                    .setHeader("X-Linked-Size", Long.toString(c.size()))
                    .setHeader("X-Linked-Etag", "\"" + c.sha256() + "\"")
                    .setHeader("X-Repo-Commit", path.split("/resolve/")[1].split("/")[0])
                    .setHeader("Accept-Ranges", "bytes")
                    .setHeader("RateLimit", "\"resolvers\";r=2999;t=51")
                    .body("").build();
        }
        return serve(path, range);
    }

    private MockResponse serve(String path, String range) {
        Content c = files.get(path);
        if (c == null) return new MockResponse.Builder().code(404).build();
        if (range == null || ignoreRange) {
            byte[] all = bytes(path, c, 0, (int) Math.min(c.size(), Integer.MAX_VALUE - 8));
            bodyBytes.addAndGet(all.length);
            return new MockResponse.Builder().code(200).body(new Buffer().write(all)).build();
        }
        String[] se = range.replace("bytes=", "").split("-");
        long start = Long.parseLong(se[0]);
        long end = se.length > 1 && !se[1].isEmpty() ? Math.min(Long.parseLong(se[1]), c.size() - 1) : c.size() - 1;
        if (start >= c.size()) {
            return new MockResponse.Builder().code(416).setHeader("Content-Range", "bytes */" + c.size()).build();
        }
        byte[] part = bytes(path, c, start, (int) (end - start + 1));
        bodyBytes.addAndGet(part.length);
        return new MockResponse.Builder().code(206)
                .setHeader("Content-Range", "bytes " + start + "-" + end + "/" + c.size())
                .body(new Buffer().write(part)).build();
    }

    private byte[] bytes(String path, Content c, long start, int len) {
        var reader = large.get(path);
        if (reader != null) return reader.apply(start, len);
        byte[] data = c.range().apply(0);
        byte[] out = new byte[len];
        System.arraycopy(data, (int) start, out, 0, len);
        return out;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
