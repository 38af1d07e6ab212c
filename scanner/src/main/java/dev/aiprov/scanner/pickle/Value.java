package dev.aiprov.scanner.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What the static pickle machine knows about one stack or memo entry. Only constants, containers
 * and references to imported callables are modelled; anything computed at load time is
 * {@link Unknown}. Containers keep a bounded number of items (see {@link PickleMachine}).
 */
sealed interface Value {

    /** A text constant (UNICODE, STRING and their binary forms). {@code text} is null when too long to keep. */
    record Str(String text, long offset) implements Value {
    }

    /** A bytes constant: {@code data} is null when longer than the string cap (read lazily from the source). */
    record Bytes(byte[] data, long offset, long length) implements Value {
    }

    /** An integer constant (INT, LONG and their binary forms). */
    record Int(BigInteger value) implements Value {
    }

    /** Float, bool, None and other scalars whose value never matters to a verdict. */
    record Scalar(String kind) implements Value {
    }

    /** Tuple, list, set or frozenset; {@code items} is bounded and mutable for list and set. */
    record Seq(String kind, List<Value> items, int[] dropped) implements Value {
        static Seq of(String kind, List<Value> items) {
            return new Seq(kind, new ArrayList<>(items), new int[1]);
        }
    }

    /** A dict: keys and values in insertion order, bounded. */
    record Dict(List<Value> keys, List<Value> values, int[] dropped) implements Value {
        static Dict empty() {
            return new Dict(new ArrayList<>(), new ArrayList<>(), new int[1]);
        }

        Value get(String key) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i) instanceof Str s && key.equals(s.text())) return values.get(i);
            }
            return null;
        }
    }

    /** A callable or class imported by GLOBAL, STACK_GLOBAL, INST or EXT. */
    record Global(String module, String name, long offset, PicklePolicy.Verdict verdict) implements Value {
        String dotted() {
            return module + "." + name;
        }
    }

    /** The result of invoking {@code callable}; {@code state} is what BUILD later set on it. */
    final class Call implements Value {
        final Value callable;
        final Value args;
        final long offset;
        Value state;

        Call(Value callable, Value args, long offset) {
            this.callable = callable;
            this.args = args;
            this.offset = offset;
        }

        Global global() {
            return callable instanceof Global g ? g : null;
        }
    }

    /** A value only known at load time (persistent id, result of an unknown extension, ...). */
    record Unknown(String why) implements Value {
    }
}
