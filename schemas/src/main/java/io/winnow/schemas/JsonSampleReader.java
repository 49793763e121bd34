package io.winnow.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.RawText;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TokenIds;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the friendly JSON form of a sample (see {@link SampleDecoder}) into a {@link Sample}. Strict about types
 * and duplicate keys, lenient about unknown fields. Thread-safe: the only state is a configured, immutable
 * Jackson mapper.
 */
final class JsonSampleReader {

    static final String FEATURES = "features";
    static final String TOKENS = "tokens";
    static final String TEXT = "text";
    private static final List<String> PAYLOADS = List.of(FEATURES, TOKENS, TEXT);
    private static final String KINDS =
            Arrays.stream(SampleKind.values()).map(Enum::name).collect(Collectors.joining(", "));

    /** Nesting allowed in unknown fields; the format itself nests two levels. */
    static final int MAX_NESTING = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonSampleReader() {
    }

    static Sample read(byte[] json) throws SampleDecodingException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE,
                    "malformed JSON" + where + ": " + jacksonProblem(e), e);
        } catch (IOException e) {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "JSON sample must be an object");
        }
        return new Reading(root).sample();
    }

    /** One read, remembering the id and task once known so that later errors carry them. */
    private static final class Reading {
        private final JsonNode root;
        private String id;
        private String task;

        Reading(JsonNode root) {
            this.root = root;
        }

        Sample sample() {
            id = requiredString("id");
            task = requiredString("task");
            SampleKind kind = kind();
            Object payload = payload();
            Integer label = optional("label") ? label() : null;
            List<Integer> votes = optional("votes") ? ints("votes") : null;
            Map<String, String> source = optional("source") ? source() : null;
            long eventTime = optional("eventTime") ? eventTime() : 0L;
            return Sample.newBuilder()
                    .setId(id)
                    .setTask(task)
                    .setKind(kind)
                    .setPayload(payload)
                    .setLabel(label)
                    .setVotes(votes)
                    .setSource(source)
                    .setEventTime(Instant.ofEpochMilli(eventTime))
                    .build();
        }

        private SampleDecodingException fail(DeadLetterReason reason, String message) {
            return new SampleDecodingException(reason, message, id, task, null);
        }

        /** Whether an optional field is present; JSON null counts as absent. */
        private boolean optional(String name) {
            JsonNode node = root.get(name);
            return node != null && !node.isNull();
        }

        private String requiredString(String name) {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw fail(DeadLetterReason.MISSING_FIELD, "field '" + name + "' is missing");
            }
            if (!node.isTextual()) {
                throw fail(DeadLetterReason.UNDECODABLE,
                        "field '" + name + "' must be a string, got " + type(node));
            }
            if (node.textValue().isEmpty()) {
                throw fail(DeadLetterReason.MISSING_FIELD, "field '" + name + "' must not be empty");
            }
            return node.textValue();
        }

        private SampleKind kind() {
            JsonNode node = root.get("kind");
            if (node == null || node.isNull()) {
                throw fail(DeadLetterReason.MISSING_FIELD, "field 'kind' is missing (one of " + KINDS + ")");
            }
            if (!node.isTextual()) {
                throw fail(DeadLetterReason.UNDECODABLE, "field 'kind' must be a string, one of " + KINDS);
            }
            for (SampleKind kind : SampleKind.values()) {
                if (kind.name().equals(node.textValue())) {
                    return kind;
                }
            }
            throw fail(DeadLetterReason.WRONG_KIND,
                    "field 'kind' must be one of " + KINDS + ", got \"" + abbreviate(node.textValue()) + "\"");
        }

        private Object payload() {
            List<String> present = PAYLOADS.stream().filter(root::has).toList();
            if (present.isEmpty()) {
                throw fail(DeadLetterReason.MISSING_FIELD, "one of the fields 'features', 'tokens' or 'text' is required");
            }
            if (present.size() > 1) {
                throw fail(DeadLetterReason.UNDECODABLE, "exactly one of the fields 'features', 'tokens' or 'text'"
                        + " may be present, got " + present.stream().map(p -> "'" + p + "'")
                                .collect(Collectors.joining(" and ")));
            }
            return switch (present.get(0)) {
                case FEATURES -> new DenseFeatures(features());
                case TOKENS -> new TokenIds(ints(TOKENS));
                default -> new RawText(text());
            };
        }

        private List<Float> features() {
            JsonNode node = root.get(FEATURES);
            String expected = "field 'features' must be an array of numbers";
            if (!node.isArray()) {
                throw fail(DeadLetterReason.UNDECODABLE, expected + ", got " + type(node));
            }
            List<Float> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (!element.isNumber()) {
                    throw fail(DeadLetterReason.UNDECODABLE, expected + ", element " + i + " is " + type(element));
                }
                float value = (float) element.doubleValue();
                if (!Float.isFinite(value)) {
                    throw fail(DeadLetterReason.NOT_FINITE, "field 'features' element " + i + " (" + element.asText()
                            + ") is not a finite 32-bit float");
                }
                values.add(value);
            }
            return values;
        }

        private List<Integer> ints(String name) {
            JsonNode node = root.get(name);
            String expected = "field '" + name + "' must be an array of integers";
            if (!node.isArray()) {
                throw fail(DeadLetterReason.UNDECODABLE, expected + ", got " + type(node));
            }
            List<Integer> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (!isInt(element)) {
                    throw fail(DeadLetterReason.UNDECODABLE, expected + ", element " + i + " is " + describe(element));
                }
                values.add(element.intValue());
            }
            return values;
        }

        private String text() {
            JsonNode node = root.get(TEXT);
            if (!node.isTextual()) {
                throw fail(DeadLetterReason.UNDECODABLE, "field 'text' must be a string, got " + type(node));
            }
            return node.textValue();
        }

        private Map<String, String> source() {
            JsonNode node = root.get("source");
            String expected = "field 'source' must be an object with string values";
            if (!node.isObject()) {
                throw fail(DeadLetterReason.UNDECODABLE, expected + ", got " + type(node));
            }
            Map<String, String> source = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw fail(DeadLetterReason.UNDECODABLE, expected + ", '" + abbreviate(entry.getKey()) + "' is "
                            + type(entry.getValue()));
                }
                source.put(entry.getKey(), entry.getValue().textValue());
            }
            return source;
        }

        private long eventTime() {
            JsonNode node = root.get("eventTime");
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw fail(DeadLetterReason.UNDECODABLE,
                        "field 'eventTime' must be an integer (milliseconds since the epoch), got " + describe(node));
            }
            return node.longValue();
        }

        private int label() {
            JsonNode node = root.get("label");
            if (!isInt(node)) {
                throw fail(DeadLetterReason.UNDECODABLE,
                        "field 'label' must be an integer (a class index), got " + describe(node));
            }
            return node.intValue();
        }
    }

    private static boolean isInt(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt();
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** Type, plus the value for numbers: "a non-integer number (1.5)", "an integer out of range (3000000000)". */
    private static String describe(JsonNode node) {
        if (node.isNumber()) {
            return (node.isIntegralNumber() ? "an integer out of range (" : "a non-integer number (")
                    + abbreviate(node.asText()) + ")";
        }
        return type(node);
    }

    /** Jackson's message without its advice on parser features and source locations. */
    private static String jacksonProblem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "trailing content after the JSON object";
        }
        for (String cut : new String[] {": enable `", " (start marker at "}) {
            int at = message.indexOf(cut);
            if (at > 0) {
                message = message.substring(0, at);
            }
        }
        return message;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
