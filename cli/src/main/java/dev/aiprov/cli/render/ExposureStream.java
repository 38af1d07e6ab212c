package dev.aiprov.cli.render;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.ExposureQueries;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code exposure --format ndjson}: the exposure as JSON lines, written while the walk runs, so a
 * responder sees the first affected deployments of a base with a hundred thousand derivatives
 * after one level instead of after the whole walk. Every line is an object whose {@code event} says
 * what it is:
 * <ul>
 * <li>{@code seed}: a compromised repo (fields as in the JSON document's {@code compromised});</li>
 * <li>{@code affected}: a deployment or public Space when it is reached, nearest first, with
 *     {@code level} (hops from the nearest seed) and the fields of {@code affected};</li>
 * <li>{@code level}: a level is done: the models and datasets it reached ({@code artifacts}) and how
 *     many are affected so far;</li>
 * <li>{@code restart}: the read transaction was retried; the lines since the last {@code restart}
 *     (or the start) are void and the walk is reported again;</li>
 * <li>at the end, {@code not_affected} and {@code approval} lines, then one {@code done} line with
 *     the totals, the notes and {@code complete}.</li>
 * </ul>
 * A stream without a {@code done} line is incomplete (the command failed; its error is on stderr).
 * Non-ASCII characters are written as {@code \\uXXXX} escapes, so no name or path can carry a line
 * separator (U+2028, U+0085) that a line splitter would honour. When the reader goes away (a pipe
 * into {@code head}), the walk stops ({@link Closed}).
 */
public final class ExposureStream implements ExposureQueries.Listener {
    /** Lines written between two flushes at most (a level always ends with one). */
    private static final int FLUSH_EVERY = 500;
    private static final ObjectWriter LINE = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);

    /** The output was closed by its reader: nobody reads the rest, so the walk is stopped. */
    public static final class Closed extends RuntimeException {
        Closed() {
            super("the output was closed", null, false, false);
        }
    }

    private final PrintWriter out;
    private int pending;
    private boolean started;

    public ExposureStream(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void seeds(List<Exposure.Seed> seeds) {
        if (started) line(event("restart"));
        started = true;
        for (Exposure.Seed s : seeds) line(event("seed", s));
        flush();
    }

    @Override
    public void affected(int level, Exposure.Affected affected) {
        ObjectNode n = event("affected");
        n.put("level", level);
        n.setAll((ObjectNode) Json.mapper().valueToTree(affected));
        line(n);
    }

    @Override
    public void level(int level, List<String> artifacts, int affected) {
        ObjectNode n = event("level");
        n.put("level", level);
        n.put("affected", affected);
        n.set("artifacts", Json.mapper().valueToTree(artifacts));
        line(n);
        flush();
    }

    /** The end of the stream: what is only known once the walk is over. */
    public void done(Exposure e) {
        for (Exposure.NotAffected n : e.notAffected()) line(event("not_affected", n));
        for (Exposure.Approval a : e.approvals()) line(event("approval", a));
        ObjectNode n = event("done");
        n.put("artifact", e.artifact());
        n.put("since", e.since());
        n.put("until", e.until());
        n.put("compromised", e.seeds().size());
        n.put("affected", e.affected().size());
        n.put("artifacts", e.artifacts().size());
        n.put("notAffected", e.notAffected().size());
        n.put("approvals", e.approvals().size());
        n.set("notes", Json.mapper().valueToTree(e.notes()));
        n.put("complete", e.complete());
        line(n);
        flush();
    }

    private static ObjectNode event(String name) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event", name);
        return n;
    }

    private static ObjectNode event(String name, Object fields) {
        ObjectNode n = event(name);
        n.setAll((ObjectNode) Json.mapper().valueToTree(fields));
        return n;
    }

    private void line(ObjectNode n) {
        try {
            out.print(LINE.writeValueAsString(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
        }
        out.print('\n');
        if (++pending >= FLUSH_EVERY) flush();
    }

    private void flush() {
        pending = 0;
        if (out.checkError()) throw new Closed();   // flushes; true once a write failed (EPIPE)
    }
}
