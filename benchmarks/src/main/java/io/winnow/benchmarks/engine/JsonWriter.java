package io.winnow.benchmarks.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON text by hand: objects, arrays, strings (escaped per RFC 8259), numbers (NaN and
 * infinities become null, which JSON has no number for), booleans. Compact or indented.
 *
 * <pre>{@code
 * String json = new JsonWriter(false).beginObject().name("a").value(1).endObject().toString();
 * }</pre>
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    /** Per open container: whether it has an element yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new boolean[] {false});
        return this;
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new boolean[] {false});
        return this;
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        if (open.isEmpty() || afterName) {
            throw new IllegalStateException("a name must follow an object's start or a value");
        }
        separate();
        string(name);
        out.append(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        beforeValue();
        if (Double.isFinite(value)) {
            out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value));
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        if (!open.isEmpty() || afterName) {
            throw new IllegalStateException("unfinished JSON: " + open.size() + " container(s) still open");
        }
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!open.isEmpty()) {
            separate();
        } else if (out.length() > 0) {
            throw new IllegalStateException("only one top-level value");
        }
    }

    /** Comma and line break before an element or a name. */
    private void separate() {
        boolean[] hasElement = open.peek();
        if (hasElement[0]) {
            out.append(',');
        }
        hasElement[0] = true;
        newline(open.size());
    }

    private JsonWriter close(char bracket) {
        if (open.isEmpty() || afterName) {
            throw new IllegalStateException("nothing to close");
        }
        boolean hadElements = open.pop()[0];
        if (hadElements) {
            newline(open.size());
        }
        out.append(bracket);
        return this;
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(depth));
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters, and lone surrogates and line separators that some readers choke on.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !validPair(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at i is half of a well-formed pair. */
    private static boolean validPair(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
