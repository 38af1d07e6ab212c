package dev.aiprov.scanner.formats.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Walks protobuf wire data with {@link CodedInputStream} over a {@link ByteSource}, without
 * generated classes. Strings above a cap are skipped, never allocated; nested messages are entered
 * with {@link #enter()} (a pushed limit) and left with {@link #exit(int)}, which skips what the
 * walker did not read. Protobuf errors become {@link ScanException}s carrying the offset.
 */
public final class ProtoReader {
    private final CodedInputStream in;
    private final long size;

    public ProtoReader(ByteSource src, ScanContext ctx) {
        this.in = CodedInputStream.newInstance(new BoundedReader(src, 0, ctx::checkDeadline).stream());
        this.in.setSizeLimit(Integer.MAX_VALUE);
        this.size = src.size();
    }

    public long offset() {
        return in.getTotalBytesRead();
    }

    /** The next tag within the current limit, or 0 at its end. */
    public int tag() {
        try {
            return in.readTag();
        } catch (IOException e) {
            throw error(e);
        }
    }

    public static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    public static boolean isLen(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    public long varint() {
        try {
            return in.readRawVarint64();
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** A length-delimited UTF-8 string, or null (skipped) when longer than {@code cap} bytes. */
    public String string(int cap) {
        int len = length();
        try {
            if (len > cap) {
                in.skipRawBytes(len);
                return null;
            }
            return new String(in.readRawBytes(len), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** Enters a length-delimited message; returns the limit to pass back to {@link #exit(int)}. */
    public int enter() {
        int len = length();
        try {
            return in.pushLimit(len);
        } catch (InvalidProtocolBufferException e) {
            throw error(e);
        }
    }

    public void exit(int oldLimit) {
        try {
            in.skipRawBytes(in.getBytesUntilLimit());
        } catch (IOException e) {
            throw error(e);
        }
        in.popLimit(oldLimit);
    }

    public void skip(int tag) {
        try {
            if (!in.skipField(tag)) throw ScanException.malformed("unexpected end-group tag", offset());
        } catch (IOException e) {
            throw error(e);
        }
    }

    private int length() {
        long at = offset();
        int len;
        try {
            len = in.readRawVarint32();
        } catch (IOException e) {
            throw error(e);
        }
        if (len < 0) throw ScanException.negativeLength("protobuf field", at);
        if (len > size - offset()) throw ScanException.truncated("protobuf field of " + len + " bytes", at);
        return len;
    }

    private ScanException error(IOException e) {
        if (e instanceof InvalidProtocolBufferException && String.valueOf(e.getMessage()).contains("truncated")) {
            return ScanException.truncated("protobuf message", offset());
        }
        return ScanException.malformed("invalid protobuf: " + e.getMessage(), offset());
    }
}
