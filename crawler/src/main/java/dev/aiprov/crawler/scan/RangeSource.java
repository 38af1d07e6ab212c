package dev.aiprov.crawler.scan;

import dev.aiprov.scanner.io.ByteSource;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote file read with HTTP {@code Range} requests, so the scanner pays for the bytes it reads
 * (a zip checkpoint's central directory and pickle members; a safetensors header), not the file.
 * Reads are served from aligned blocks kept in a small LRU cache; adjacent missing blocks are fetched
 * in one request. After the first response the final (redirected, e.g. CDN) URL is reused; when it
 * stops working (expired signature) the original URL is resolved again.
 * <p>
 * Where the server ignores {@code Range} (200 with the whole body), the body is streamed into
 * memory up to {@code streamCap} bytes and {@link #rangeIgnored()} says so; a larger file fails
 * with {@link RemoteFileException}.
 */
public final class RangeSource implements ByteSource {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final OkHttpClient client;
    private final HttpUrl origin;
    private final int blockSize;
    private final int maxBlocks;
    private HttpUrl current;
    private long size = -1;
    private long transferred;
    private long delivered;
    private int requests;
    private String repoCommit;
    private String linkedEtag;
    private byte[] whole;
    private final Map<Long, byte[]> blocks;

    private RangeSource(OkHttpClient client, HttpUrl url, int blockSize, int maxBlocks) {
        this.client = client;
        this.origin = url;
        this.current = url;
        this.blockSize = blockSize;
        this.maxBlocks = maxBlocks;
        this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> e) {
                return size() > RangeSource.this.maxBlocks;
            }
        };
    }

    /** Opens the file: one ranged request for the first block tells the size and whether ranges work. */
    public static RangeSource open(OkHttpClient client, HttpUrl url, long streamCap) throws IOException {
        RangeSource s = new RangeSource(client, url, 64 * 1024, 128);
        s.first(streamCap);
        return s;
    }

    private void first(long streamCap) throws IOException {
        Request req = new Request.Builder().url(current).header("Range", "bytes=0-" + (blockSize - 1))
                .header("Accept-Encoding", "identity").build();
        try (Response r = client.newCall(req).execute()) {
            requests++;
            check(r);
            current = r.request().url();
            repoCommit = header(r, "X-Repo-Commit");
            linkedEtag = stripEtag(header(r, "X-Linked-Etag"));
            ResponseBody body = r.body();
            if (r.code() == 206) {
                long[] range = contentRange(r.header("Content-Range"));
                size = range[2];
                if (size < 0) {
                    String linked = header(r, "X-Linked-Size");
                    size = linked == null ? -1 : Long.parseLong(linked);
                }
                byte[] b = readBounded(body.byteStream(), blockSize);
                transferred += b.length;
                blocks.put(0L, b);
                if (size < 0) throw new RemoteFileException("error", "server sent no total size for " + origin.encodedPath());
            } else {
                // 200: the server ignored Range. Stream the body under the cap.
                long declared = body.contentLength();
                if (declared > streamCap) {
                    throw new RemoteFileException("too-large", "server ignores Range and the file is " + declared
                            + " bytes, over the " + streamCap + "-byte streaming cap");
                }
                whole = readBounded(body.byteStream(), streamCap);
                if (whole.length >= streamCap && body.byteStream().read() >= 0) {
                    throw new RemoteFileException("too-large", "server ignores Range and the file exceeds the "
                            + streamCap + "-byte streaming cap");
                }
                transferred += whole.length;
                size = whole.length;
            }
        }
    }

    private static String header(Response r, String name) {
        String v = r.header(name);
        if (v == null && r.priorResponse() != null) {
            for (Response p = r.priorResponse(); p != null && v == null; p = p.priorResponse()) v = p.header(name);
        }
        return v;
    }

    private static String stripEtag(String e) {
        if (e == null) return null;
        String s = e.startsWith("W/") ? e.substring(2) : e;
        return s.replace("\"", "");
    }

    private static void check(Response r) throws RemoteFileException {
        if (r.code() == 200 || r.code() == 206) return;
        String code = r.header("X-Error-Code");
        String why = switch (r.code()) {
            case 401, 403 -> "GatedRepo".equals(code) ? "gated" : "denied";
            case 404 -> "missing";
            case 416 -> "range-not-satisfiable";
            default -> "error";
        };
        throw new RemoteFileException(why, "HTTP " + r.code() + (code == null ? "" : " " + code));
    }

    static long[] contentRange(String header) throws RemoteFileException {
        if (header == null) throw new RemoteFileException("error", "206 without Content-Range");
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) throw new RemoteFileException("error", "bad Content-Range: " + header);
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), total};
    }

    private static byte[] readBounded(InputStream in, long cap) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        for (int n; total < cap && (n = in.read(buf, 0, (int) Math.min(buf.length, cap - total))) > 0; ) {
            out.write(buf, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
        if (position >= size || len == 0) return position >= size ? -1 : 0;
        int n = (int) Math.min(len, size - position);
        if (whole != null) {
            System.arraycopy(whole, (int) position, dst, off, n);
            delivered += n;
            return n;
        }
        long firstBlock = position / blockSize;
        long lastBlock = (position + n - 1) / blockSize;
        fetchMissing(firstBlock, lastBlock);
        int done = 0;
        for (long b = firstBlock; b <= lastBlock; b++) {
            byte[] block = blocks.get(b);
            if (block == null) { // evicted by a huge read: fetch it alone
                fetchMissing(b, b);
                block = blocks.get(b);
            }
            long blockStart = b * blockSize;
            int from = (int) Math.max(0, position + done - blockStart);
            int take = Math.min(block.length - from, n - done);
            if (take <= 0) break;
            System.arraycopy(block, from, dst, off + done, take);
            done += take;
        }
        delivered += done;
        return done;
    }

    private void fetchMissing(long firstBlock, long lastBlock) throws IOException {
        long b = firstBlock;
        while (b <= lastBlock) {
            if (blocks.containsKey(b)) {
                b++;
                continue;
            }
            long runEnd = b;
            while (runEnd + 1 <= lastBlock && !blocks.containsKey(runEnd + 1) && runEnd + 1 - b < maxBlocks / 2) runEnd++;
            fetchRun(b, runEnd);
            b = runEnd + 1;
        }
    }

    private void fetchRun(long firstBlock, long lastBlock) throws IOException {
        long start = firstBlock * blockSize;
        long end = Math.min(size, (lastBlock + 1) * blockSize) - 1;
        byte[] data = null;
        for (int attempt = 0; attempt < 2 && data == null; attempt++) {
            Request req = new Request.Builder().url(current).header("Range", "bytes=" + start + "-" + end)
                    .header("Accept-Encoding", "identity").build();
            try (Response r = client.newCall(req).execute()) {
                requests++;
                if ((r.code() == 403 || r.code() == 410) && !current.equals(origin)) {
                    current = origin;   // the signed redirect expired: resolve again
                    continue;
                }
                check(r);
                if (r.code() != 206) throw new RemoteFileException("error", "server stopped honouring Range");
                long[] got = contentRange(r.header("Content-Range"));
                if (got[0] != start) throw new RemoteFileException("error", "server returned another range: " + r.header("Content-Range"));
                data = readBounded(r.body().byteStream(), end - start + 1);
                current = r.request().url();
            }
        }
        if (data == null) throw new RemoteFileException("error", "range request failed after re-resolving");
        transferred += data.length;
        for (long b = firstBlock; b <= lastBlock; b++) {
            int from = (int) ((b - firstBlock) * blockSize);
            if (from >= data.length) break;
            int to = (int) Math.min(data.length, from + (long) blockSize);
            blocks.put(b, java.util.Arrays.copyOfRange(data, from, to));
        }
    }

    @Override
    public long bytesRead() {
        return delivered;
    }

    /** Bytes received over the network so far. */
    public long transferred() {
        return transferred;
    }

    public int requests() {
        return requests;
    }

    /** True when the server ignored Range and the file was streamed instead. */
    public boolean rangeIgnored() {
        return whole != null;
    }

    /** The commit the revision resolved to ({@code X-Repo-Commit}), when the Hub said. */
    public String repoCommit() {
        return repoCommit;
    }

    /** {@code X-Linked-Etag}: the LFS sha256 of the content, when the Hub said. */
    public String linkedEtag() {
        return linkedEtag;
    }
}
