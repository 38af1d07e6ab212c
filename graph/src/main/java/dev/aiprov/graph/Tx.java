package dev.aiprov.graph;

import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Transaction helpers for the inventory, approval and policy stores: driver errors get context. */
final class Tx {
    private Tx() {
    }

    interface Work<T> {
        T run(TransactionContext tx);
    }

    static <T> T write(Graph g, String what, Work<T> work) {
        try (var session = g.driver().session()) {
            return session.executeWrite(work::run);
        } catch (GraphException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GraphException(what + " failed on " + g.describe() + ": " + e.getMessage(), e);
        }
    }

    static <T> List<T> read(Graph g, String what, String cypher, Map<String, Object> params, Function<Record, T> row) {
        SessionConfig cfg = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (var session = g.driver().session(cfg)) {
            return session.executeRead(tx -> {
                List<T> out = new ArrayList<>();
                var result = tx.run(cypher, params);
                while (result.hasNext()) out.add(row.apply(result.next()));
                return out;
            });
        } catch (RuntimeException e) {
            throw new GraphException(what + " failed on " + g.describe() + ": " + e.getMessage(), e);
        }
    }

    static OffsetDateTime param(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    static String string(Value v) {
        return v == null || v.isNull() ? null : v.asString();
    }

    static Boolean bool(Value v) {
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    static List<String> strings(Value v) {
        return v == null || v.isNull() ? List.of() : v.asList(Value::asString);
    }
}
