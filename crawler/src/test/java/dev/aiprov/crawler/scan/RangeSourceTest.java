package dev.aiprov.crawler.scan;

import dev.aiprov.fakehub.FakeHub;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeSourceTest {
    private final FakeHub hub = new FakeHub();

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private final OkHttpClient client = new OkHttpClient();

    private byte[] data(int n) {
        byte[] d = new byte[n];
        new Random(7).nextBytes(d);
        return d;
    }

    @Test
    void readsOnlyTheBlocksItNeedsFromARedirectedLfsFile() throws Exception {
        server.setDispatcher(hub);
        byte[] d = data(3_000_000);
        hub.put("/org/m/resolve/abc123/model.bin", d, true);
        RangeSource s = RangeSource.open(client, server.url("/org/m/resolve/abc123/model.bin"), 1 << 20);
        assertEquals(3_000_000, s.size());
        assertEquals("abc123", s.repoCommit());
        assertEquals(FakeHub.sha256(d), s.linkedEtag());
        byte[] tail = s.readFully(2_999_000, 1000);
        assertArrayEquals(java.util.Arrays.copyOfRange(d, 2_999_000, 3_000_000), tail);
        byte[] mid = s.readFully(1_000_000, 200_000);
        assertArrayEquals(java.util.Arrays.copyOfRange(d, 1_000_000, 1_200_000), mid);
        // first block + tail block + the blocks covering the middle read, not the file
        assertTrue(s.transferred() < 400_000, "transferred " + s.transferred());
        assertEquals(s.transferred(), hub.bodyBytes());
        assertFalse(s.rangeIgnored());
        // after the first redirect the CDN URL is reused: only one request went to /resolve/
        assertEquals(1, hub.log().stream().filter(l -> l.contains("/resolve/") && !l.startsWith("GET /cdn")).count(),
                hub.log().toString());
    }

    @Test
    void repeatedReadsAreServedFromTheBlockCache() throws Exception {
        server.setDispatcher(hub);
        hub.put("/org/m/resolve/r/f.bin", data(500_000), true);
        RangeSource s = RangeSource.open(client, server.url("/org/m/resolve/r/f.bin"), 1 << 20);
        s.readFully(100_000, 10);
        long after = s.transferred();
        int requests = s.requests();
        s.readFully(100_005, 5);
        assertEquals(after, s.transferred());
        assertEquals(requests, s.requests());
    }

    @Test
    void aServerThatIgnoresRangeIsStreamedUnderTheCapAndSaysSo() throws Exception {
        server.setDispatcher(hub);
        byte[] d = data(100_000);
        hub.put("/org/m/resolve/r/small.bin", d, false);
        hub.ignoreRange(true);
        RangeSource s = RangeSource.open(client, server.url("/org/m/resolve/r/small.bin"), 1 << 20);
        assertTrue(s.rangeIgnored());
        assertArrayEquals(d, s.readFully(0, d.length));
        hub.put("/org/m/resolve/r/big.bin", data(3_000_000), false);
        RemoteFileException e = assertThrows(RemoteFileException.class,
                () -> RangeSource.open(client, server.url("/org/m/resolve/r/big.bin"), 1 << 20));
        assertEquals("too-large", e.why());
    }

    @Test
    void gatedAndMissingFilesAreTypedNotCrashes() {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest r) {
                boolean gated = r.getUrl().encodedPath().contains("gated");
                return new mockwebserver3.MockResponse.Builder().code(gated ? 401 : 404)
                        .setHeader("X-Error-Code", gated ? "GatedRepo" : "EntryNotFound").build();
            }
        });
        assertEquals("gated", assertThrows(RemoteFileException.class,
                () -> RangeSource.open(client, server.url("/gated/m/resolve/main/x.bin"), 1 << 20)).why());
        assertEquals("missing", assertThrows(RemoteFileException.class,
                () -> RangeSource.open(client, server.url("/org/m/resolve/main/x.bin"), 1 << 20)).why());
    }
}
