package dev.aiprov.scanner.remotecode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;
import dev.aiprov.scanner.io.BoundedReader;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code auto_map} in {@code config.json}, {@code tokenizer_config.json}, {@code processor_config.json},
 * {@code preprocessor_config.json} and other Transformers configs: loading such a model requires
 * {@code trust_remote_code=True}, which imports the repository's Python files
 * ({@code modeling_x.ModelClass} runs {@code modeling_x.py}). Reports the modules that would run, code
 * pulled from another repository ({@code owner/repo--module.Class}) and {@code custom_pipelines}
 * implementations. Read as Python's {@code json} reads it: any size (streamed), a UTF-8 byte-order mark
 * skipped, {@code NaN}/{@code Infinity} accepted, and for a duplicated key the last value wins.
 */
public final class AutoMapDetector extends AbstractDetector {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    @Override
    public String id() {
        return "hf-config";
    }

    @Override
    public int priority() {
        return -20;
    }

    @Override
    public boolean accepts(Probe probe) {
        if (!probe.nameEndsWith(".json")) return false;
        byte[] h = probe.head();
        int i = h.length >= 3 && (h[0] & 0xff) == 0xEF && (h[1] & 0xff) == 0xBB && (h[2] & 0xff) == 0xBF ? 3 : 0;
        for (; i < h.length; i++) {
            byte b = h[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '{';
        }
        return false;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        if (source.size() > ctx.limits().maxTextBytes()) {
            throw ScanException.limitExceeded("config bytes", source.size(), ctx.limits().maxTextBytes(), 0);
        }
        byte[] head = source.readFully(0, 3);
        int bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        Map<String, List<String>> autoMap = new LinkedHashMap<>();
        Map<String, String> pipelines = new LinkedHashMap<>();
        Location where = null, pipelinesAt = null;
        try (InputStream in = BoundedReader.stream(source, bom, source.size() - bom); JsonParser p = JSON.createParser(in)) {
            int tokens = 0, depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if ((++tokens & 0xfff) == 0) ctx.checkDeadline(p.currentLocation().getByteOffset());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (t == JsonToken.FIELD_NAME && (p.currentName().equals("auto_map") || p.currentName().equals("custom_pipelines"))) {
                    boolean auto = p.currentName().equals("auto_map");
                    Location loc = Location.line(p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getByteOffset() + bom);
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    // a later duplicate of the top-level key replaces the earlier one, as in Python
                    if (auto) {
                        if (depth == 1) autoMap.clear();
                        where = depth == 1 || where == null ? loc : where;
                        readAutoMap(p, autoMap);
                    } else {
                        if (depth == 1) pipelines.clear();
                        pipelinesAt = depth == 1 || pipelinesAt == null ? loc : pipelinesAt;
                        readPipelines(p, pipelines);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // not valid JSON: other detectors judge the file; what was seen so far is still reported
        }
        if (where != null) reportAutoMap(ctx, autoMap, where);
        if (pipelinesAt != null) {
            Set<String> modules = new LinkedHashSet<>();
            for (String impl : pipelines.values()) modules.add(moduleFile(impl));
            ctx.report(Rule.REMOTE_CODE_CUSTOM_PIPELINE, "config declares custom pipelines: loading them runs "
                    + (modules.isEmpty() ? "the repository's Python code" : String.join(", ", modules)), pipelinesAt,
                    abbreviate(pipelines.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "; " + b).orElse("")));
        }
    }

    private static void reportAutoMap(ScanContext ctx, Map<String, List<String>> autoMap, Location where) {
        Set<String> modules = new LinkedHashSet<>();
        Set<String> repos = new LinkedHashSet<>();
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : autoMap.entrySet()) {
            for (String ref : e.getValue()) {
                if (entries.size() < 32) entries.add(e.getKey() + "=" + ref);
                String target = ref;
                int sep = ref.indexOf("--");
                if (sep > 0) {
                    repos.add(ref.substring(0, sep));
                    target = ref.substring(sep + 2);
                }
                if (target.lastIndexOf('.') > 0 && modules.size() < 32) modules.add(moduleFile(target));
            }
        }
        ctx.report(Rule.REMOTE_CODE_AUTO_MAP, "config requires trust_remote_code=True: loading it runs "
                + (modules.isEmpty() ? "the repository's Python code" : String.join(", ", modules)), where,
                abbreviate(String.join("; ", entries)));
        for (String repo : repos) {
            ctx.report(Rule.REMOTE_CODE_EXTERNAL_REPO, "auto_map loads code from another repository: "
                    + repo, where, repo);
        }
    }

    private static String moduleFile(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return (dot > 0 ? dotted.substring(0, dot) : dotted).replace('.', '/') + ".py";
    }

    private static void readAutoMap(JsonParser p, Map<String, List<String>> autoMap) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String auto = p.currentName();
            JsonToken v = p.nextToken();
            List<String> refs = new ArrayList<>();
            if (v == JsonToken.VALUE_STRING) refs.add(p.getText());
            else if (v == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY && e != null; e = p.nextToken()) {
                    if (e == JsonToken.VALUE_STRING) refs.add(p.getText());
                    else p.skipChildren();
                }
            } else p.skipChildren();
            autoMap.remove(auto);
            if (!refs.isEmpty() && autoMap.size() < 256) autoMap.put(auto, refs);
        }
    }

    /** {@code "task": {"impl": "module.Class", ...}}: the module that runs. */
    private static void readPipelines(JsonParser p, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String task = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String impl = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken v = p.nextToken();
                if (k.equals("impl") && v == JsonToken.VALUE_STRING) impl = p.getText();
                else p.skipChildren();
            }
            out.remove(task);
            if (impl != null && out.size() < 256) out.put(task, impl);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }
}
