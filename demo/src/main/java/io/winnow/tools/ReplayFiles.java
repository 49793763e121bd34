package io.winnow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a replay a notebook opens: one JSON object per line and record, with the Avro
 * record's field names (bytes as base64, timestamps as ISO-8601), and the true-labels file a
 * researcher may pass in (JSON lines with {@code id} and {@code label}, such as the clean copy of
 * the samples file).
 */
final class ReplayFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayFiles() {}

    /** Writes {@code records} to {@code file}, one JSON object per line. */
    static void writeJsonLines(Path file, List<? extends SpecificRecord> records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SpecificRecord record : records) {
                out.write(JSON.writeValueAsString(toMap(record)));
                out.newLine();
            }
        }
    }

    private static Map<String, Object> toMap(SpecificRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            map.put(field.name(), plain(record.get(field.pos())));
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] array = new byte[copy.remaining()];
            copy.get(array);
            return Base64.getEncoder().encodeToString(array);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof SpecificRecord nested) {
            return toMap(nested);
        }
        return value.toString(); // strings, enum symbols, Instants
    }

    /** The true label of each sample id, from JSON lines with {@code id} and {@code label}. */
    static Map<String, Integer> readTrueLabels(Path file) throws IOException {
        Map<String, Integer> labels = new HashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.hasNonNull("id") || !node.hasNonNull("label") || !node.get("label").canConvertToInt()) {
                throw new IOException(file + ":" + lineNumber + ": a true-labels line needs \"id\" and an integer \"label\"");
            }
            labels.put(node.get("id").asText(), node.get("label").asInt());
        }
        return labels;
    }
}
