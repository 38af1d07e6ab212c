package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.io.ByteSource;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HDF5 files, among them legacy Keras {@code .h5} models. The root attributes {@code model_config}
 * and {@code training_config} are Keras configs checked by {@link KerasConfigDetector}; loading an
 * {@code .h5} ignores {@code safe_mode} (CVE-2025-9905), so a Lambda there always runs.
 * <p>
 * jhdf allocates buffers by the lengths a file declares when it reads through a channel, but only
 * slices when it reads from memory, so the file is read into memory under a cap
 * ({@link #MAX_IN_MEMORY}, and {@code maxMemberBytes}). A larger file (Hugging Face {@code tf_model.h5}
 * weights, big Keras models) is read only up to {@link #PREFIX}: Keras writes the root attributes
 * before the weights, so they sit near the start. Any read past the prefix makes jhdf fail, and the
 * file is then reported as not judged, never as clean.
 */
public final class Hdf5Detector extends AbstractDetector {
    public static final String ID = "hdf5";
    static final long MAX_IN_MEMORY = 256L << 20;
    static final int PREFIX = 16 << 20;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String[] KERAS_CONFIGS = {"model_config", "training_config"};

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
        for (int at = 0; at + SIGNATURE.length <= probe.head().length; at = at == 0 ? 512 : at * 2) {
            if (java.util.Arrays.equals(probe.head(), at, at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        long cap = Math.min(MAX_IN_MEMORY, ctx.limits().maxMemberBytes());
        boolean prefixOnly = source.size() > cap;
        int want = (int) (prefixOnly ? Math.min(PREFIX, cap) : source.size());
        byte[] bytes = source.readFully(0, want);
        if (bytes.length < want) throw ScanException.truncated("HDF5 file", bytes.length);
        ctx.checkDeadline(0);
        boolean keras = false;
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            Map<String, Attribute> attrs = h5.getAttributes();
            keras = attrs.containsKey("keras_version") || attrs.containsKey("model_config");
            for (String name : KERAS_CONFIGS) {
                Attribute a = attrs.get(name);
                if (a == null) continue;
                byte[] json = text(a);
                if (json == null) {
                    ctx.report(Rule.HDF5_KERAS_CONFIG_UNREADABLE, "attribute " + name
                            + " is not a string; the Keras config could not be checked", Location.member(name, -1), "");
                    continue;
                }
                String err = ctx.scanEmbedded(name, new ByteArraySource(json), KerasConfigDetector.ID);
                if (err != null) throw ScanException.malformed(name + ": " + err, -1);
            }
        } catch (ScanException e) {
            throw e;
        } catch (RuntimeException e) {
            if (prefixOnly) {
                throw ScanException.limitExceeded("HDF5 metadata beyond the first bytes read; file size",
                        source.size(), cap, want);
            }
            throw ScanException.malformed("unreadable HDF5 structure: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), -1);
        }
        ctx.format(keras ? "keras-h5" : "hdf5");
    }

    /** The attribute's value as UTF-8 bytes when it is a string (fixed, variable-length, or bytes). */
    private static byte[] text(Attribute a) {
        Object data = a.getData();
        if (data instanceof String[] arr && arr.length > 0) data = arr[0];
        if (data instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (data instanceof byte[] b) return b;
        if (data instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        }
        return null;
    }
}
