package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * 7z archives (the nullifAI packing of torch checkpoints): every member is decompressed under the
 * member and expanded-bytes caps and scanned as a file of its own, so a checkpoint packed with 7z
 * still has its pickle judged. A member whose data breaks is scanned up to the break and flagged.
 */
public final class SevenZipDetector extends AbstractDetector {
    public static final String ID = "7z";
    private static final byte[] MAGIC = {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean accepts(Probe p) {
        return p.startsWith(MAGIC);
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        long max = ctx.limits().maxMemberBytes();
        int entries = 0;
        int unjudged = 0;
        try (SevenZFile sz = SevenZFile.builder().setSeekableByteChannel(new SourceChannel(source))
                .setMaxMemoryLimitKiB((int) Math.min(Integer.MAX_VALUE, ctx.limits().maxMemberBytes() >> 10)).get()) {
            SevenZArchiveEntry e;
            while ((e = sz.getNextEntry()) != null) {
                ctx.checkDeadline(0);
                if (++entries > ctx.limits().maxArchiveEntries()) {
                    throw ScanException.limitExceeded("7z entries", entries, ctx.limits().maxArchiveEntries(), 0);
                }
                if (e.isDirectory() || e.isAntiItem()) continue;
                String name = e.getName() == null ? "entry" + entries : e.getName();
                if (e.getSize() > max) {
                    ctx.report(Rule.ARCHIVE_MEMBER_TOO_LARGE, "member of " + e.getSize()
                            + " bytes exceeds the member limit and was not scanned", Location.member(name, -1), name);
                    unjudged++;
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String broken = null;
                try {
                    byte[] chunk = new byte[1 << 16];
                    for (int n; (n = sz.read(chunk)) > 0; ) {
                        ctx.checkDeadline(0);
                        if (out.size() + (long) n > max) throw ScanException.limitExceeded("7z member bytes", out.size() + (long) n, max, 0);
                        ctx.chargeExpanded(n, 0);
                        out.write(chunk, 0, n);
                    }
                } catch (IOException | RuntimeException ex) {
                    if (ex instanceof ScanException se) throw se;
                    broken = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                }
                ctx.scanMember(name, new ByteArraySource(out.toByteArray()));
                if (broken != null) {
                    ctx.report(Rule.ARCHIVE_STREAM_BROKEN, "member data breaks after " + out.size()
                            + " bytes (scanned up to there): " + broken, Location.member(name, out.size()), name);
                    unjudged++;
                    break;
                }
            }
        }
        if (unjudged > 0) throw new ScanException(Rule.SEVENZ_MEMBER_UNJUDGED, unjudged + " member(s) could not be fully judged", -1);
    }
}
