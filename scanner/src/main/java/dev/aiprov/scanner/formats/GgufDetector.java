package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.formats.internal.ChatTemplateRules;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * GGUF (llama.cpp): magic {@code GGUF}, version 1-3, tensor and key/value counts, then typed
 * key/values. Only the header and metadata are read; every declared count and length is checked
 * against the bytes left before use; then the tensor-info table is parsed and every tensor must fit
 * the data region. Chat templates ({@code tokenizer.chat_template} and
 * {@code tokenizer.chat_template.*}) are checked with {@link ChatTemplateRules}.
 */
public final class GgufDetector extends AbstractDetector {
    public static final String ID = "gguf";
    private static final int MAX_KEY = 65_535;
    private static final long MAX_KV = 1_000_000;
    private static final int MAX_ARRAY_DEPTH = 4;
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Probe probe) {
        return probe.startsWithAscii("GGUF");
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        BoundedReader in = new BoundedReader(source, 4, source.size(), 1 << 15, ctx::checkDeadline);
        long version = in.u32("version");
        if (version < 1 || version > 3) {
            throw ScanException.malformed("unsupported GGUF version " + version + " (big-endian or corrupt)", 4);
        }
        boolean v1 = version == 1;
        long tensors = v1 ? in.u32("tensor count") : in.u64("tensor count");
        long kvs = v1 ? in.u32("metadata count") : in.u64("metadata count");
        if (tensors < 0 || tensors > in.remaining() / 16) throw ScanException.malformed("tensor count " + tensors
                + " cannot fit in the file", 8);
        if (kvs < 0 || kvs > MAX_KV || kvs > in.remaining() / 9) {
            throw ScanException.limitExceeded("GGUF metadata count", kvs, Math.min(MAX_KV, in.remaining() / 9), 8);
        }
        long alignment = 32;
        for (long i = 0; i < kvs; i++) {
            ctx.checkDeadline(in.position());
            long keyAt = in.position();
            long keyLen = v1 ? in.u32("key length") : in.u64("key length");
            if (keyLen < 0 || keyLen > MAX_KEY) throw ScanException.limitExceeded("GGUF key length", keyLen, MAX_KEY, keyAt);
            String key = in.utf8((int) keyLen, "key");
            int type = (int) in.u32("value type");
            if (type == STRING && (key.equals("tokenizer.chat_template") || key.startsWith("tokenizer.chat_template."))) {
                template(ctx, in, key, v1);
            } else if (key.equals("general.alignment") && type == 4) {
                alignment = in.u32("alignment");
                if (alignment == 0 || Long.bitCount(alignment) != 1) {
                    throw ScanException.malformed("general.alignment " + alignment + " is not a power of two", keyAt);
                }
            } else {
                skipValue(ctx, in, type, v1, 0);
            }
        }
        tensorInfos(ctx, in, source, tensors, alignment, v1);
        ctx.format("gguf");
    }

    /** ggml types whose block layout is certain: {elements per block, bytes per block}. */
    private static final java.util.Map<Integer, long[]> TYPES = java.util.Map.ofEntries(
            java.util.Map.entry(0, new long[]{1, 4}), java.util.Map.entry(1, new long[]{1, 2}),
            java.util.Map.entry(2, new long[]{32, 18}), java.util.Map.entry(3, new long[]{32, 20}),
            java.util.Map.entry(6, new long[]{32, 22}), java.util.Map.entry(7, new long[]{32, 24}),
            java.util.Map.entry(8, new long[]{32, 34}), java.util.Map.entry(9, new long[]{32, 36}),
            java.util.Map.entry(10, new long[]{256, 84}), java.util.Map.entry(11, new long[]{256, 110}),
            java.util.Map.entry(12, new long[]{256, 144}), java.util.Map.entry(13, new long[]{256, 176}),
            java.util.Map.entry(14, new long[]{256, 210}), java.util.Map.entry(15, new long[]{256, 292}),
            java.util.Map.entry(20, new long[]{32, 18}), java.util.Map.entry(24, new long[]{1, 1}),
            java.util.Map.entry(25, new long[]{1, 2}), java.util.Map.entry(26, new long[]{1, 4}),
            java.util.Map.entry(27, new long[]{1, 8}), java.util.Map.entry(28, new long[]{1, 8}),
            java.util.Map.entry(30, new long[]{1, 2}));
    private static final int MAX_TYPE = 63;
    private static final int MAX_DIMS = 4;

    /**
     * The tensor-info table as llama.cpp reads it: name, dimensions, ggml type and offset per
     * tensor. Each tensor must lie inside the data region (which starts at the next multiple of the
     * alignment), at an aligned offset, with a size its type and shape give; names must be unique.
     */
    private void tensorInfos(ScanContext ctx, BoundedReader in, ByteSource source, long count, long alignment, boolean v1)
            throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        long[][] spans = new long[(int) Math.min(count, 1 << 20)][];
        for (long i = 0; i < count; i++) {
            if ((i & 1023) == 0) ctx.checkDeadline(in.position());
            long at = in.position();
            long nameLen = v1 ? in.u32("tensor name length") : in.u64("tensor name length");
            if (nameLen < 0 || nameLen > MAX_KEY) throw ScanException.limitExceeded("GGUF tensor name length", nameLen, MAX_KEY, at);
            String name = in.utf8((int) nameLen, "tensor name");
            if (!names.add(name)) throw ScanException.malformed("tensor name appears twice", at);
            long dims = in.u32("tensor dimensions");
            if (dims < 1 || dims > MAX_DIMS) throw ScanException.malformed("tensor with " + dims + " dimensions", at);
            long elems = 1;
            long first = 0;
            for (int d = 0; d < dims; d++) {
                long n = v1 ? in.u32("tensor dimension") : in.u64("tensor dimension");
                if (n < 0) throw ScanException.malformed("negative tensor dimension", at);
                if (d == 0) first = n;
                elems = n == 0 || elems == 0 ? 0 : elems > Long.MAX_VALUE / n ? -1 : elems * n;
                if (elems < 0) throw ScanException.malformed("tensor element count overflows", at);
            }
            int type = (int) in.u32("tensor type");
            long offset = in.u64("tensor offset");
            if (type < 0 || type > MAX_TYPE) throw ScanException.malformed("unknown ggml tensor type " + type, at);
            if (offset < 0 || offset % alignment != 0) throw ScanException.malformed("tensor offset is not aligned", at);
            long size = 0;
            long[] t = TYPES.get(type);
            if (t != null) {
                if (first % t[0] != 0) throw ScanException.malformed("tensor row is not a whole number of blocks", at);
                long blocks = elems / t[0];
                if (blocks > Long.MAX_VALUE / t[1]) throw ScanException.malformed("tensor size overflows", at);
                size = blocks * t[1];
            }
            if (i < spans.length) spans[(int) i] = new long[]{offset, size, at};
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        long dataLen = source.size() - dataStart;
        if (count > 0 && dataLen < 0) throw ScanException.truncated("GGUF tensor data", in.position());
        for (long[] s : spans) {
            if (s == null) break;
            if (s[0] > dataLen || s[1] > dataLen - s[0]) {
                throw ScanException.malformed("tensor data at " + s[0] + " (+" + s[1] + " bytes) runs past the end of the"
                        + " file", s[2]);
            }
        }
    }

    private void template(ScanContext ctx, BoundedReader in, String key, boolean v1) throws IOException {
        long lenAt = in.position();
        long len = v1 ? in.u32("template length") : in.u64("template length");
        in.require(len, key);
        long start = in.position();
        if (len > ctx.limits().maxStringBytes()) {
            ctx.report(Rule.GGUF_CHAT_TEMPLATE_TOO_LARGE, "chat template of " + len
                    + " bytes was not checked", Location.at(lenAt), key);
            in.skip(len, key);
            return;
        }
        String template = in.utf8((int) len, key);
        for (ChatTemplateRules.Hit h : ChatTemplateRules.check(template)) {
            long at = start + template.substring(0, h.index()).getBytes(StandardCharsets.UTF_8).length;
            ctx.report(h.rule(), h.severity(), h.message() + " (CVE-2024-34359)",
                    Location.member(key, at), String.join(", ", h.matches()));
        }
    }

    private void skipValue(ScanContext ctx, BoundedReader in, int type, boolean v1, int depth) throws IOException {
        long at = in.position();
        switch (type) {
            case 0, 1, 7 -> in.skip(1, "value");
            case 2, 3 -> in.skip(2, "value");
            case 4, 5, 6 -> in.skip(4, "value");
            case 10, 11, 12 -> in.skip(8, "value");
            case STRING -> in.skip(v1 ? in.u32("string length") : in.u64("string length"), "string");
            case ARRAY -> {
                if (depth >= MAX_ARRAY_DEPTH) throw ScanException.limitExceeded("GGUF array nesting", depth + 1, MAX_ARRAY_DEPTH, at);
                int elem = (int) in.u32("array type");
                long count = v1 ? in.u32("array count") : in.u64("array count");
                long size = fixedSize(elem);
                if (count < 0) throw ScanException.negativeLength("array count", at);
                if (size > 0) {
                    if (count > in.remaining() / size) throw ScanException.truncated("array of " + count + " values", at);
                    in.skip(count * size, "array");
                } else {
                    if (count > in.remaining() / (v1 ? 4 : 8)) throw ScanException.truncated("array of " + count + " values", at);
                    for (long i = 0; i < count; i++) {
                        if ((i & 4095) == 0) ctx.checkDeadline(in.position());
                        skipValue(ctx, in, elem, v1, depth + 1);
                    }
                }
            }
            default -> throw ScanException.malformed("unknown GGUF value type " + type, at);
        }
    }

    private static long fixedSize(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> 0;
        };
    }
}
