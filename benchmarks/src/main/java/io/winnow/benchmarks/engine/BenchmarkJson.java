package io.winnow.benchmarks.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The engine benchmark's JSON, through Jackson: one mapper, and the one rule Jackson has no switch
 * for: a measurement that is not a number (NaN: the platform did not report it) is written as null,
 * which JSON has, rather than as the string "NaN", which it would then have to be read back from.
 */
final class BenchmarkJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Indented, {@code "name": value} as the report has always been written. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private BenchmarkJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code value}, or null when it is NaN or infinite. */
    static ObjectNode putMeasurement(ObjectNode object, String name, double value) {
        return Double.isFinite(value) ? object.put(name, value) : object.putNull(name);
    }

    static String write(JsonNode node, boolean pretty) {
        try {
            return pretty ? MAPPER.writer(PRETTY).writeValueAsString(node) : MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + node, e);
        }
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }
}
