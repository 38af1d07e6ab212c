package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zip files, read by the central directory as torch (miniz) reads them, and told apart by their
 * members: {@code pytorch} (a {@code data.pkl} or {@code version} record; every {@code *.pkl} is
 * scanned as a pickle), {@code torchscript} (plus {@code code/}), {@code npz}, {@code keras} (members
 * judged by content) or a generic archive whose members become files of their own. Every local
 * header is cross-checked against the central directory; each inconsistency is a finding and the
 * member is scanned anyway.
 */
public final class ZipDetector extends AbstractDetector {
    public static final String ID = "zip";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 5;
    }

    /** Names whose loaders open the file with Python's zipfile, which finds the archive from its tail. */
    private static final String[] ZIPFILE_NAMES = {".keras", ".zip", ".skops", ".mar", ".pt2", ".nemo.zip"};

    /**
     * A zip by its head, or (as Python's zipfile finds it, whatever is in front) by an end of
     * central directory record in its tail, or by a name whose loader uses zipfile.
     */
    @Override
    public boolean accepts(Probe p) {
        return p.startsWith((byte) 'P', (byte) 'K', (byte) 3, (byte) 4) || p.startsWith((byte) 'P', (byte) 'K', (byte) 5, (byte) 6)
                || p.startsWith((byte) 'P', (byte) 'K', (byte) 7, (byte) 8)
                || ZipArchive.hasEndRecord(p.tail(), p.size())
                || p.nameEndsWith(ZIPFILE_NAMES) && p.size() >= 22;
    }

    /** What a zip holds. */
    enum Kind {
        PYTORCH("pytorch"), TORCHSCRIPT("torchscript"), NPZ("npz"), KERAS("keras"), GENERIC("zip");
        final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean model() {
            return this != GENERIC;
        }
    }

    static Kind classify(List<ZipEntry> entries) {
        boolean dataPkl = false, version = false, code = false, config = false, metadata = false, allNpy = true;
        int files = 0;
        for (ZipEntry e : entries) {
            String n = e.name();
            if (e.directory()) continue;
            files++;
            if (n.equals("data.pkl") || n.endsWith("/data.pkl")) dataPkl = true;
            if (n.equals("version") || n.endsWith("/version") || n.endsWith("/.data/version")) version = true;
            if (n.startsWith("code/") || n.contains("/code/")) code = true;
            if (n.equals("config.json")) config = true;
            if (n.equals("metadata.json")) metadata = true;
            if (!n.toLowerCase(Locale.ROOT).endsWith(".npy")) allNpy = false;
        }
        if ((dataPkl || version) && code) return Kind.TORCHSCRIPT;
        if (dataPkl || version) return Kind.PYTORCH;
        if (files > 0 && allNpy) return Kind.NPZ;
        if (config && metadata) return Kind.KERAS;
        return Kind.GENERIC;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        ZipArchive zip = ZipArchive.open(source, ctx.limits().maxArchiveEntries());
        Kind kind = classify(zip.entries());
        ctx.format(kind.label);
        Findings f = new Findings();
        if (zip.start() > 0) {
            f.add(Rule.ZIP_PREFIXED_DATA, kind.model() ? Severity.HIGH : Severity.MEDIUM, zip.start() + " bytes precede the"
                    + " archive: a polyglot, read as a zip by Python's zipfile and as its head by other readers (both"
                    + " are scanned)", "", 0);
        }
        crossCheck(ctx, zip, kind, f);
        int unjudged = 0;
        List<String> codeMembers = new ArrayList<>();
        for (ZipEntry e : zip.entries()) {
            ctx.checkDeadline(e.localHeaderOffset());
            if (e.directory()) continue;
            if (e.symlink()) {
                String target = new String(zip.open(e, 4096, ctx::chargeExpanded).readFully(0, 4096),
                        java.nio.charset.StandardCharsets.UTF_8);
                ArchiveLinks.report(ctx, e.name(), target, false, e.localHeaderOffset());
                continue;
            }
            String lower = e.name().toLowerCase(Locale.ROOT);
            if (kind == Kind.TORCHSCRIPT && (lower.startsWith("code/") || lower.contains("/code/"))) codeMembers.add(e.name());
            boolean pickle = kind == Kind.PYTORCH || kind == Kind.TORCHSCRIPT ? lower.endsWith(".pkl") : false;
            if ((kind == Kind.PYTORCH || kind == Kind.TORCHSCRIPT) && !pickle) continue;
            ByteSource content;
            try {
                content = zip.open(e, ctx.limits().maxMemberBytes(), ctx::chargeExpanded);
            } catch (ScanException ex) {
                if (ex.endsFile()) throw ex;
                f.add(ex.rule() != null ? ex.rule() : Rule.ZIP_MEMBER_UNREADABLE, Severity.MEDIUM,
                        "member could not be read: " + ex.getMessage(), e.name(), ex.offset());
                unjudged++;
                continue;
            }
            if (pickle && (e.method() == ZipEntry.METHOD_STORED || e.method() == ZipEntry.METHOD_DEFLATED)) {
                long crc = ZipArchive.crc32(content);
                if (crc != e.crc32()) {
                    f.add(Rule.ZIP_CRC_MISMATCH, Severity.HIGH, String.format("CRC-32 of the pickle member is %08x, the"
                            + " directory says %08x (torch loads it anyway)", crc, e.crc32()), e.name(), e.localHeaderOffset());
                }
            }
            switch (kind) {
                case PYTORCH, TORCHSCRIPT -> {
                    if (ctx.scanEmbedded(e.name(), content, "pickle") != null) unjudged++;
                }
                case NPZ -> {
                    if (ctx.scanEmbedded(e.name(), content, lower.endsWith(".npy") ? "npy" : null) != null) unjudged++;
                }
                case KERAS -> ctx.scanEmbedded(e.name(), content, null);
                case GENERIC -> ctx.scanMember(e.name(), content);
            }
        }
        if (!codeMembers.isEmpty()) {
            ctx.report(Rule.TORCHSCRIPT_CODE, "TorchScript archive carries " + codeMembers.size()
                    + " code member(s) that torch.jit.load compiles and runs", Location.member(codeMembers.get(0), -1),
                    String.join(",", codeMembers.subList(0, Math.min(5, codeMembers.size()))));
        }
        f.report(ctx);
        if (unjudged > 0) {
            throw new ScanException(Rule.ZIP_MEMBER_UNJUDGED, unjudged + " member(s) could not be fully judged", -1);
        }
    }

    private static final int ZSTD = 93;

    private static void crossCheck(ScanContext ctx, ZipArchive zip, Kind kind, Findings f) throws IOException {
        Severity tamper = Severity.HIGH;
        Map<ByteBuffer, ZipEntry> seen = new HashMap<>();
        for (ZipEntry e : zip.entries()) {
            ctx.checkDeadline(e.localHeaderOffset());
            ZipEntry first = seen.putIfAbsent(ByteBuffer.wrap(e.rawName()), e);
            if (first != null) {
                f.add(Rule.ZIP_DUPLICATE_NAME, kind.model() ? Severity.HIGH : Severity.MEDIUM, "the name appears twice in"
                        + " the central directory; loaders disagree on which copy wins (both are scanned)", e.name(),
                        e.localHeaderOffset());
            }
            if (e.encrypted()) {
                f.add(Rule.ZIP_ENCRYPTED_FLAG, kind.model() ? tamper : Severity.LOW, "encryption flag set on a member"
                        + (kind.model() ? "; torch ignores it and loads the plain bytes (scanned as plain)" : ""),
                        e.name(), e.localHeaderOffset());
            }
            LocalHeader lh = zip.localHeader(e);
            if (lh == null) {
                f.add(Rule.ZIP_LOCAL_HEADER_MISSING, tamper, "no local header where the central directory points",
                        e.name(), e.localHeaderOffset());
                continue;
            }
            if (!java.util.Arrays.equals(lh.rawName(), e.rawName())) {
                f.add(Rule.ZIP_NAME_MISMATCH, tamper, "local header names '" + clip(lh.name())
                        + "' but the central directory names '" + clip(e.name()) + "' (torch uses the directory)",
                        e.name(), e.localHeaderOffset());
            }
            if (lh.method() != e.method() || ((lh.flags() ^ e.flags()) & 0x1) != 0) {
                f.add(Rule.ZIP_HEADER_MISMATCH, Severity.MEDIUM, "local header method/flags differ from the central"
                        + " directory", e.name(), e.localHeaderOffset());
            }
            boolean torchPickle = (kind == Kind.PYTORCH || kind == Kind.TORCHSCRIPT) && e.name().endsWith(".pkl");
            if (e.dataDescriptor() && torchPickle) checkDescriptor(zip, e, lh, f);
            else if (!e.dataDescriptor() && torchPickle && (lh.compressedSize() != e.compressedSize() || lh.size() != e.size()
                    || lh.crc32() != e.crc32())) {
                f.add(Rule.ZIP_HEADER_MISMATCH, Severity.HIGH, "local header sizes/CRC differ from the central directory"
                        + " (a streaming reader sees different bytes than torch)", e.name(), e.localHeaderOffset());
            }
            if (e.size() > (10L << 20) && e.size() / Math.max(1, e.compressedSize()) > 1000) {
                f.add(Rule.ZIP_EXTREME_RATIO, Severity.MEDIUM, "member expands " + e.size() / Math.max(1, e.compressedSize())
                        + "x (" + e.size() + " bytes): a decompression bomb; reading stops at the limits", e.name(),
                        e.localHeaderOffset());
            }
            if (e.method() == ZSTD) {
                f.add(Rule.ZIP_UNSUPPORTED_COMPRESSION, Severity.HIGH, "zstd member (method 93): Python 3.14's zipfile"
                        + " reads it and this scanner cannot, so its content is not judged", e.name(), e.localHeaderOffset());
            } else if (e.method() != ZipEntry.METHOD_STORED && e.method() != ZipEntry.METHOD_DEFLATED) {
                f.add(Rule.ZIP_UNUSUAL_COMPRESSION, Severity.MEDIUM, "compression method " + e.method(), e.name(),
                        e.localHeaderOffset());
            } else if (e.method() != ZipEntry.METHOD_STORED && torchPickle) {
                f.add(Rule.ZIP_UNUSUAL_COMPRESSION, Severity.LOW, "deflated member in a torch archive (torch writes"
                        + " stored members)", e.name(), e.localHeaderOffset());
            }
        }
        List<ZipEntry> byOffset = new ArrayList<>(zip.entries());
        byOffset.sort(Comparator.comparingLong(ZipEntry::localHeaderOffset));
        for (int i = 0; i + 1 < byOffset.size(); i++) {
            ZipEntry a = byOffset.get(i), b = byOffset.get(i + 1);
            if (a.localHeaderOffset() + 30 + a.compressedSize() > b.localHeaderOffset() && a.compressedSize() + a.size() > 0) {
                f.add(Rule.ZIP_OVERLAPPING_ENTRIES, kind.model() ? Severity.HIGH : Severity.MEDIUM, "member data overlaps"
                        + " the next member '" + clip(b.name()) + "'", a.name(), a.localHeaderOffset());
            }
        }
    }

    /**
     * A data descriptor (flag bit 3) repeats CRC and sizes after the data; torch writes them too.
     * Streaming readers trust it, miniz trusts the directory: when they differ, each sees other bytes.
     */
    private static void checkDescriptor(ZipArchive zip, ZipEntry e, LocalHeader lh, Findings f) throws IOException {
        long at = lh.dataOffset() + e.compressedSize();
        byte[] d = zip.source().readFully(at, 24);
        int p = d.length >= 4 && d[0] == 'P' && d[1] == 'K' && d[2] == 7 && d[3] == 8 ? 4 : 0;
        if (d.length < p + 12) {
            f.add(Rule.ZIP_DATA_DESCRIPTOR_MISMATCH, Severity.HIGH, "data descriptor missing after the member data",
                    e.name(), at);
            return;
        }
        long crc = ZipArchive.u32(d, p);
        long csize = ZipArchive.u32(d, p + 4);
        boolean zip64 = e.compressedSize() >= 0xffffffffL || e.size() >= 0xffffffffL;
        long expectC = zip64 ? csize : e.compressedSize();
        if (crc != e.crc32() || (!zip64 && csize != expectC)) {
            f.add(Rule.ZIP_DATA_DESCRIPTOR_MISMATCH, Severity.HIGH, "data descriptor CRC/size differ from the central"
                    + " directory (a streaming reader sees different bytes than torch)", e.name(), at);
        }
    }

    private static String clip(String s) {
        String c = s.replaceAll("[^\\x20-\\x7e]", "?");
        return c.length() > 120 ? c.substring(0, 120) + "..." : c;
    }

    /** One finding per rule (first member, with a count), so a 100k-entry zip cannot flood the report. */
    private static final class Findings {
        private record First(Severity severity, String message, String member, long offset, int[] count) {
        }

        private final Map<Rule, First> byRule = new LinkedHashMap<>();

        void add(Rule rule, Severity severity, String message, String member, long offset) {
            First f = byRule.computeIfAbsent(rule, r -> new First(severity, message, member, offset, new int[1]));
            f.count()[0]++;
        }

        void report(ScanContext ctx) {
            byRule.forEach((rule, f) -> ctx.report(rule, f.severity(), f.count()[0] > 1
                    ? f.message() + " (and " + (f.count()[0] - 1) + " more member(s))" : f.message(),
                    Location.at(f.offset()), clip(f.member())));
        }
    }
}
