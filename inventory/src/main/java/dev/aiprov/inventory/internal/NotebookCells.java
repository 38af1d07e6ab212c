package dev.aiprov.inventory.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The code cells of a Jupyter notebook (nbformat 4), read with a streaming parser so that large
 * outputs are skipped rather than loaded. Each cell's text keeps, for every character, the line of
 * the .ipynb file it was stored on.
 */
public final class NotebookCells {
    static final int MAX_CELLS = 20_000;

    private NotebookCells() {
    }

    /** A code cell: its source text, and the file line of each character offset. */
    public record Cell(String text, int[] lineAt) {
        /** The 1-based file line of {@code offset} in {@link #text()}. */
        public int line(int offset) {
            if (lineAt.length == 0) return 1;
            return lineAt[Math.max(0, Math.min(offset, lineAt.length - 1))];
        }
    }

    public static List<Cell> codeCells(String json) throws IOException {
        JsonFactory f = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(LocatedYaml.MAX_SCALAR * 16).maxNestingDepth(64).build()).build();
        List<Cell> cells = new ArrayList<>();
        try (JsonParser p = f.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return cells;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("cells") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT && cells.size() < MAX_CELLS) {
                        Cell c = cell(p);
                        if (c != null) cells.add(c);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return cells;
    }

    /** Reads one cell object (parser on its START_OBJECT); null unless it is a code cell. */
    private static Cell cell(JsonParser p) throws IOException {
        String type = null;
        StringBuilder text = new StringBuilder();
        List<int[]> spans = new ArrayList<>();   // {startOffset, line}
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("cell_type") && v == JsonToken.VALUE_STRING) {
                type = p.getText();
            } else if (name.equals("source") && v == JsonToken.VALUE_STRING) {
                spans.add(new int[]{text.length(), p.currentTokenLocation().getLineNr()});
                text.append(p.getText());
            } else if (name.equals("source") && v == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (t == JsonToken.VALUE_STRING) {
                        spans.add(new int[]{text.length(), p.currentTokenLocation().getLineNr()});
                        text.append(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (!"code".equals(type)) return null;
        int[] lineAt = new int[text.length()];
        for (int i = 0; i < spans.size(); i++) {
            int from = spans.get(i)[0];
            int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            Arrays.fill(lineAt, from, to, spans.get(i)[1]);
        }
        return new Cell(text.toString(), lineAt);
    }
}
