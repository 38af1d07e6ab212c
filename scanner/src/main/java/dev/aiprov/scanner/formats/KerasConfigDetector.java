package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.formats.internal.JsonTree;
import dev.aiprov.scanner.formats.internal.KerasConfigRules;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A Keras model config as JSON text: the {@code config.json} of a {@code .keras} zip (the zip
 * detector hands it over with {@code scanEmbedded}), a standalone config file, or the
 * {@code model_config} attribute of a legacy {@code .h5} (passed by {@link Hdf5Detector}).
 * Accepted when the first bytes are a JSON object whose top level has {@code class_name} together
 * with {@code config} or {@code module}, so Hugging Face {@code config.json} files are left alone.
 */
public final class KerasConfigDetector extends AbstractDetector {
    public static final String ID = "keras-config";
    private static final int MAX_DEPTH = 256;
    private static final int MAX_NODES = 2_000_000;

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
        Set<String> keys = topLevelKeys(probe.head());
        return keys.contains("class_name") && (keys.contains("config") || keys.contains("module"));
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        long cap = Math.min(ctx.limits().maxMemberBytes(), Integer.MAX_VALUE - 16);
        if (source.size() > cap) throw ScanException.limitExceeded("Keras config size", source.size(), cap, 0);
        byte[] json = source.readFully(0, (int) source.size());
        if (json.length < source.size()) throw ScanException.truncated("Keras config", json.length);
        JsonTree.Result parsed = JsonTree.parse(ctx, json, MAX_DEPTH, MAX_NODES, ctx.limits().maxStringBytes());
        ctx.format(parsed.root().text("module") != null ? "keras-v3-config" : "keras-config");
        KerasConfigRules.check(parsed.root()).forEach(ctx::report);
        for (String dup : parsed.duplicateKeys()) {
            ctx.report(Rule.KERAS_CONFIG_DUPLICATE_KEY, "key appears twice; loaders keep the last one",
                    Location.at(-1), dup);
        }
    }

    /**
     * The keys of the top-level object found in {@code head} (a JSON prefix that may be cut short),
     * or an empty set when it does not start with an object.
     */
    static Set<String> topLevelKeys(byte[] head) {
        Set<String> keys = new HashSet<>();
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) i = 3;
        while (i < head.length && Character.isWhitespace(head[i])) i++;
        if (i >= head.length || head[i] != '{') return keys;
        int depth = 0;
        for (; i < head.length; i++) {
            byte b = head[i];
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (--depth <= 0) break;
            } else if (b == '"') {
                int start = ++i;
                while (i < head.length && head[i] != '"') i += head[i] == '\\' ? 2 : 1;
                if (i >= head.length) break;
                int j = i + 1;
                while (j < head.length && Character.isWhitespace(head[j])) j++;
                if (depth == 1 && j < head.length && head[j] == ':' && i - start < 64) {
                    keys.add(new String(head, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }
}
