package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteSource;
import dev.aiprov.scanner.pickle.PickleDetector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tar archives (ustar, GNU long names, pax paths and sizes), read header by header; members are
 * slices of the file, so nothing is copied. A tar holding {@code storages}, {@code tensors} and
 * {@code pickle} is a legacy torch checkpoint: its streams are scanned as pickles of this file.
 * Anything else is a generic archive whose members are scanned as files of their own.
 */
public final class TarDetector extends AbstractDetector {
    public static final String ID = "tar";
    private static final int BLOCK = 512;

    /** One regular member: its name and where its data lies. */
    record Member(String name, long offset, long size, char type, String link) {
        Member(String name, long offset, long size) {
            this(name, offset, size, '0', null);
        }

        boolean isLink() {
            return type == '1' || type == '2';
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean accepts(Probe p) {
        byte[] h = p.head();
        if (h.length < BLOCK) return false;
        if (h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r') return true;
        return checksumOk(h, 0);
    }

    static boolean checksumOk(byte[] h, int off) {
        long stored = octal(h, off + 148, 8);
        if (stored <= 0) return false;
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[off + i] & 0xff);
        return sum == stored && h[off] != 0;
    }

    static long octal(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) { // base-256 (GNU) for large sizes
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) return -1;
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i] & 0xff;
            if (c == 0 || c == ' ') {
                if (any) break;
                continue;
            }
            if (c < '0' || c > '7') return -1;
            any = true;
            if (v > (Long.MAX_VALUE >> 3)) return -1;
            v = v * 8 + (c - '0');
        }
        return any ? v : 0;
    }

    static List<Member> read(ScanContext ctx, ByteSource src) throws IOException {
        List<Member> out = new ArrayList<>();
        long pos = 0;
        String longName = null;
        String longLink = null;
        long paxSize = -1;
        int headers = 0;
        while (pos + BLOCK <= src.size()) {
            ctx.checkDeadline(pos);
            if (++headers > ctx.limits().maxArchiveEntries() * 2L) {
                throw ScanException.limitExceeded("tar headers", headers, ctx.limits().maxArchiveEntries() * 2L, pos);
            }
            byte[] h = src.readFully(pos, BLOCK);
            if (isZero(h)) break;
            if (!checksumOk(h, 0)) throw ScanException.malformed("bad tar header checksum", pos);
            long size = paxSize >= 0 ? paxSize : octal(h, 124, 12);
            if (size < 0) throw ScanException.malformed("bad tar member size", pos + 124);
            long data = pos + BLOCK;
            if (data + size > src.size()) throw ScanException.truncated("tar member", data);
            char type = (char) h[156];
            String name = longName != null ? longName : name(h);
            longName = null;
            if (type != 'K' && type != 'x' && type != 'L' && type != '1' && type != '2') longLink = null;
            paxSize = -1;
            switch (type) {
                case 'L' -> longName = text(src.readFully(data, (int) Math.min(size, 4096)));
                case 'K' -> longLink = text(src.readFully(data, (int) Math.min(size, 4096)));
                case 'x' -> {
                    String pax = new String(src.readFully(data, (int) Math.min(size, 65536)), StandardCharsets.UTF_8);
                    for (String rec : pax.split("\n")) {
                        int sp = rec.indexOf(' ');
                        String kv = sp >= 0 ? rec.substring(sp + 1) : rec;
                        if (kv.startsWith("path=")) longName = kv.substring(5);
                        if (kv.startsWith("linkpath=")) longLink = kv.substring(9);
                        if (kv.startsWith("size=")) {
                            try {
                                paxSize = Long.parseLong(kv.substring(5).trim());
                            } catch (NumberFormatException e) {
                                throw ScanException.malformed("bad pax size", data);
                            }
                        }
                    }
                }
                case '0', '\0', '7' -> {
                    if (out.size() >= ctx.limits().maxArchiveEntries()) {
                        throw ScanException.limitExceeded("tar entries", out.size() + 1, ctx.limits().maxArchiveEntries(), pos);
                    }
                    out.add(new Member(name, data, size));
                }
                case '1', '2' -> {
                    if (out.size() >= ctx.limits().maxArchiveEntries()) {
                        throw ScanException.limitExceeded("tar entries", out.size() + 1, ctx.limits().maxArchiveEntries(), pos);
                    }
                    String link = longLink != null ? longLink : text(java.util.Arrays.copyOfRange(h, 157, 257));
                    out.add(new Member(name, pos, 0, type, link));
                    longLink = null;
                }
                default -> { }
            }
            pos = data + (size + BLOCK - 1) / BLOCK * BLOCK;
        }
        return out;
    }

    private static String name(byte[] h) {
        String n = text(java.util.Arrays.copyOfRange(h, 0, 100));
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't';
        String prefix = ustar ? text(java.util.Arrays.copyOfRange(h, 345, 500)) : "";
        return prefix.isEmpty() ? n : prefix + "/" + n;
    }

    private static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        List<Member> members = read(ctx, source);
        boolean legacyTorch = members.stream().anyMatch(m -> m.name().equals("pickle"))
                && members.stream().anyMatch(m -> m.name().equals("storages"));
        ctx.format(legacyTorch ? "pytorch" : "tar");
        int unjudged = 0;
        for (Member m : members) {
            ctx.checkDeadline(m.offset());
            if (m.isLink()) {
                ArchiveLinks.report(ctx, m.name(), m.link(), m.type() == '1', m.offset());
                continue;
            }
            ByteSource content = source.slice(m.offset(), m.size());
            String n = m.name();
            if (n.startsWith("/") || n.contains("../") || n.startsWith("..")) {
                ctx.report(Rule.ARCHIVE_PATH_TRAVERSAL, "member path escapes the extraction directory",
                        Location.at(m.offset()), n);
            }
            if (legacyTorch) {
                String detector = switch (n) {
                    case "storages" -> PickleDetector.LEGACY_STORAGES;
                    case "tensors" -> PickleDetector.LEGACY_TENSORS;
                    case "pickle", "sys_info" -> PickleDetector.ID;
                    default -> n.endsWith(".pkl") ? PickleDetector.ID : null;
                };
                if (detector != null && ctx.scanEmbedded(n, content, detector) != null) unjudged++;
            } else {
                ctx.scanMember(n, content);
            }
        }
        if (unjudged > 0) throw new ScanException(Rule.TAR_MEMBER_UNJUDGED, unjudged + " member(s) could not be fully judged", -1);
    }
}
