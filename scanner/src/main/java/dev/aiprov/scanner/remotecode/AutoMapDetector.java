package dev.aiprov.scanner.remotecode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.Severity;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code auto_map} in {@code config.json}, {@code tokenizer_config.json} and other Transformers
 * configs: loading such a model requires {@code trust_remote_code=True}, which imports the
 * repository's Python files ({@code modeling_x.ModelClass} runs {@code modeling_x.py}). Reports the
 * modules that would run, and code pulled from another repository ({@code owner/repo--module.Class}).
 * Parsed with a streaming JSON reader under nesting and string caps; only JSON up to 16 MiB.
 */
public final class AutoMapDetector extends AbstractDetector {
    static final int MAX_CONFIG = 16 << 20;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20)
                    .maxNumberLength(1000).build())
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
        if (!probe.nameEndsWith(".json") || probe.size() > MAX_CONFIG) return false;
        for (byte b : probe.head()) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '{';
        }
        return false;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        byte[] bytes = source.readFully(0, (int) Math.min(source.size(), MAX_CONFIG));
        Set<String> modules = new LinkedHashSet<>();
        Set<String> repos = new LinkedHashSet<>();
        List<String> entries = new ArrayList<>();
        Location where = null;
        try (JsonParser p = JSON.createParser(bytes)) {
            int tokens = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if ((++tokens & 0xfff) == 0) ctx.checkDeadline(p.currentLocation().getByteOffset());
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("auto_map")) {
                    if (where == null) where = Location.line(p.currentTokenLocation().getLineNr(),
                            p.currentTokenLocation().getByteOffset());
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    readAutoMap(p, entries, modules, repos);
                }
            }
        } catch (JsonProcessingException e) {
            // not valid JSON: other detectors judge the file; auto_map seen so far is still reported
        }
        if (where == null) return;
        ctx.report("REMOTE_CODE_AUTO_MAP", Severity.HIGH, "config requires trust_remote_code=True: loading it runs "
                + (modules.isEmpty() ? "the repository's Python code" : String.join(", ", modules)), where,
                abbreviate(String.join("; ", entries)));
        for (String repo : repos) {
            ctx.report("REMOTE_CODE_EXTERNAL_REPO", Severity.HIGH, "auto_map loads code from another repository: "
                    + repo, where, repo);
        }
    }

    private static void readAutoMap(JsonParser p, List<String> entries, Set<String> modules, Set<String> repos) throws IOException {
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
            for (String ref : refs) {
                if (entries.size() < 32) entries.add(auto + "=" + ref);
                String target = ref;
                int sep = ref.indexOf("--");
                if (sep > 0) {
                    repos.add(ref.substring(0, sep));
                    target = ref.substring(sep + 2);
                }
                int dot = target.lastIndexOf('.');
                if (dot > 0 && modules.size() < 32) modules.add(target.substring(0, dot).replace('.', '/') + ".py");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }
}
