package dev.aiprov.inventory.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) document read into a small tree whose every node keeps the line it started on,
 * so that validation can say {@code aiprov.yaml:12: …}. Bounded: depth, node count and scalar
 * length are capped; aliases are limited by SnakeYAML's loader options.
 */
public final class LocatedYaml {
    public static final int MAX_DEPTH = 32;
    public static final int MAX_NODES = 200_000;
    public static final int MAX_SCALAR = 64 * 1024;

    private LocatedYaml() {
    }

    /** A node of the tree. {@code line} is 1-based. */
    public sealed interface Node permits MapNode, SeqNode, Scalar {
        int line();

        /** What the node is, for messages: "a mapping", "a list", "a string", "a number"… */
        String describe();
    }

    /** A mapping entry: its key's line and its value. */
    public record Entry(String key, int keyLine, Node value) {
    }

    public record MapNode(int line, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    public record SeqNode(int line, List<Node> items) implements Node {
        public SeqNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar: {@code kind} is the JSON token (string, number, boolean, null). */
    public record Scalar(int line, String text, JsonToken kind) implements Node {
        public boolean isString() {
            return kind == JsonToken.VALUE_STRING;
        }

        public boolean isNull() {
            return kind == JsonToken.VALUE_NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "empty";
                default -> "a value";
            };
        }
    }

    /** A syntax error or a limit hit, with the line where it happened. */
    public static final class YamlException extends Exception {
        private final int line;

        public YamlException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static YAMLFactory yamlFactory() {
        LoaderOptions opts = new LoaderOptions();
        opts.setMaxAliasesForCollections(20);
        opts.setAllowDuplicateKeys(true);   // we report duplicates ourselves, with the line
        opts.setNestingDepthLimit(MAX_DEPTH + 8);
        opts.setCodePointLimit(8 * 1024 * 1024);
        YAMLFactory f = YAMLFactory.builder().loaderOptions(opts).build();
        f.setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_SCALAR)
                .maxNestingDepth(MAX_DEPTH + 8).build());
        return f;
    }

    /** Parses the first document of YAML {@code text}; an empty document gives {@code null}. */
    public static Node parseYaml(String text) throws YamlException {
        try (JsonParser p = yamlFactory().createParser(text)) {
            return parse(p);
        } catch (IOException e) {
            throw new YamlException(lineOf(e), "invalid YAML: " + firstLine(e.getMessage()));
        }
    }

    /** Parses every document of a YAML stream ({@code ---} separated); empty documents are skipped. */
    public static List<Node> parseYamlDocuments(String text) throws YamlException {
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = yamlFactory().createParser(text)) {
            int[] count = {0};
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Node n = read(p, t, 0, count);
                if (!(n instanceof Scalar s && s.isNull())) docs.add(n);
            }
            return docs;
        } catch (IOException e) {
            throw new YamlException(lineOf(e), "invalid YAML: " + firstLine(e.getMessage()));
        }
    }

    /** Parses one JSON value. */
    public static Node parseJson(String text) throws YamlException {
        JsonFactory f = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_SCALAR).maxNestingDepth(MAX_DEPTH + 8).build()).build();
        try (JsonParser p = f.createParser(text)) {
            return parse(p);
        } catch (IOException e) {
            throw new YamlException(lineOf(e), "invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static Node parse(JsonParser p) throws IOException, YamlException {
        JsonToken t = p.nextToken();
        if (t == null) return null;
        int[] count = {0};
        return read(p, t, 0, count);
    }

    private static Node read(JsonParser p, JsonToken t, int depth, int[] count) throws IOException, YamlException {
        int line = p.currentTokenLocation().getLineNr();
        if (++count[0] > MAX_NODES) throw new YamlException(line, "too many nodes (limit " + MAX_NODES + ")");
        if (depth > MAX_DEPTH) throw new YamlException(line, "nested too deeply (limit " + MAX_DEPTH + ")");
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    JsonToken v = p.nextToken();
                    Node value = read(p, v, depth + 1, count);
                    if (entries.containsKey(key)) {
                        throw new YamlException(keyLine, "duplicate key '" + key + "' (first at line "
                                + entries.get(key).keyLine() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                if (k != JsonToken.END_OBJECT) throw new YamlException(line, "unterminated mapping");
                return new MapNode(line, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (v == null) throw new YamlException(line, "unterminated list");
                    items.add(read(p, v, depth + 1, count));
                }
                return new SeqNode(line, items);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                    {
                        return new Scalar(line, t == JsonToken.VALUE_NULL ? null : p.getText(), t);
                    }
            default -> {
                // embedded objects (binary, tagged values) are not part of any format we read
                return new Scalar(line, p.getText(), JsonToken.VALUE_EMBEDDED_OBJECT);
            }
        }
    }

    private static int lineOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return Math.max(1, j.getLocation().getLineNr());
        }
        return 1;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        String one = nl < 0 ? s : s.substring(0, nl);
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
