package dev.aiprov.scanner.formats.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.ScanException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON tree whose nodes remember where they stood (byte offset and 1-based line), parsed
 * with Jackson's streaming parser under caps on nesting, node count and string length. Duplicate
 * keys are kept (last wins, as most loaders do) and listed, since they are a parser differential.
 */
public final class JsonTree {

    /** A value: {@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean} or null. */
    public record Node(Object value, long offset, int line) {
        public Node get(String key) {
            return value instanceof Map<?, ?> m ? (Node) m.get(key) : null;
        }

        public String text(String key) {
            Node n = get(key);
            return n != null && n.value instanceof String s ? s : null;
        }

        @SuppressWarnings("unchecked")
        public Map<String, Node> object() {
            return value instanceof Map<?, ?> m ? (Map<String, Node>) m : Collections.emptyMap();
        }

        @SuppressWarnings("unchecked")
        public List<Node> array() {
            return value instanceof List<?> l ? (List<Node>) l : Collections.emptyList();
        }
    }

    /** The parsed root and the keys that appeared twice in one object (as JSON paths). */
    public record Result(Node root, List<String> duplicateKeys) {
    }

    /** A JSON path built only when it is needed (for a duplicate key). */
    private record PathRef(PathRef parent, String key, int index) {
        @Override
        public String toString() {
            if (parent == null) return "$";
            return parent + (key != null ? "." + key : "[" + index + "]");
        }
    }

    /** Factories are thread-safe and costly to build (symbol tables): one per set of constraints. */
    private static final java.util.concurrent.ConcurrentHashMap<String, JsonFactory> FACTORIES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final ScanContext ctx;
    private final int maxDepth;
    private final int maxNodes;
    private final List<String> duplicates = new ArrayList<>();
    private int nodes;

    private JsonTree(ScanContext ctx, int maxDepth, int maxNodes) {
        this.ctx = ctx;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /**
     * Parses one JSON document. Syntax errors and exceeded caps throw {@link ScanException}
     * ({@code MALFORMED} or {@code LIMIT_EXCEEDED}) with the offset where they happened.
     */
    public static Result parse(ScanContext ctx, byte[] json, int maxDepth, int maxNodes, int maxString) {
        JsonFactory factory = FACTORIES.computeIfAbsent(maxDepth + ":" + maxString, k -> JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth)
                        .maxStringLength(maxString).maxNumberLength(400).maxNameLength(Math.min(maxString, 1 << 16))
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build());
        JsonTree tree = new JsonTree(ctx, maxDepth, maxNodes);
        try (JsonParser p = factory.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) throw ScanException.malformed("empty JSON document", 0);
            Node root = tree.value(p, first, new PathRef(null, null, 0), 0);
            if (p.nextToken() != null) throw ScanException.malformed("data after the JSON document", offset(p));
            return new Result(root, List.copyOf(tree.duplicates));
        } catch (StreamConstraintsException e) {
            throw ScanException.limitExceeded("JSON " + e.getOriginalMessage(), -1);
        } catch (IOException e) {
            long at = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? jpe.getLocation().getByteOffset() : -1;
            throw ScanException.malformed("invalid JSON: " + firstLine(e.getMessage()), at);
        }
    }

    private Node value(JsonParser p, JsonToken t, PathRef path, int depth) throws IOException {
        if (++nodes > maxNodes) throw ScanException.limitExceeded("JSON nodes", nodes, maxNodes, offset(p));
        if (depth > maxDepth) throw ScanException.limitExceeded("JSON nesting", depth, maxDepth, offset(p));
        long off = offset(p);
        int line = p.currentTokenLocation().getLineNr();
        if ((nodes & 1023) == 0) ctx.checkDeadline(off);
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    Node v = value(p, p.nextToken(), new PathRef(path, name, 0), depth + 1);
                    if (m.put(name, v) != null && duplicates.size() < 100) duplicates.add(path + "." + name);
                }
                return new Node(m, off, line);
            }
            case START_ARRAY: {
                List<Node> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e, new PathRef(path, null, l.size()), depth + 1));
                }
                return new Node(l, off, line);
            }
            case VALUE_STRING:
                return new Node(p.getText(), off, line);
            case VALUE_NUMBER_INT:
                return new Node(p.getBigIntegerValue(), off, line);
            case VALUE_NUMBER_FLOAT:
                return new Node(p.getDoubleValue(), off, line);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(t == JsonToken.VALUE_TRUE, off, line);
            case VALUE_NULL:
                return new Node(null, off, line);
            default:
                throw ScanException.malformed("unexpected JSON token " + t, off);
        }
    }

    private static long offset(JsonParser p) {
        return p.currentTokenLocation().getByteOffset();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
