package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offsets of one topic to replay, per partition: from {@code from} (inclusive) to {@code to}
 * (exclusive). Written {@code partition:from-to}, comma-separated, e.g. {@code 0:0-5000,1:200-4800}.
 * Empty means "from kafka.starting-offsets to the end offsets current when the job starts".
 */
@PublicEvolving
public record OffsetRange(Map<Integer, Long> from, Map<Integer, Long> to) implements Serializable {

    public OffsetRange {
        from = Collections.unmodifiableMap(new TreeMap<>(from));
        to = Collections.unmodifiableMap(new TreeMap<>(to));
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalArgumentException("every partition needs both a start and an end offset");
        }
    }

    public static OffsetRange all() {
        return new OffsetRange(Map.of(), Map.of());
    }

    public boolean isAll() {
        return from.isEmpty();
    }

    /** Parses {@code partition:from-to,...}; {@code key} names the setting in error messages. */
    public static OffsetRange parse(String key, String text) {
        if (text == null || text.isBlank()) {
            return all();
        }
        Map<Integer, Long> from = new TreeMap<>();
        Map<Integer, Long> to = new TreeMap<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            try {
                int colon = item.indexOf(':');
                int dash = item.indexOf('-', colon + 1);
                if (colon < 1 || dash < 0) {
                    throw new NumberFormatException();
                }
                int partition = Integer.parseInt(item.substring(0, colon));
                long start = Long.parseLong(item.substring(colon + 1, dash));
                long end = Long.parseLong(item.substring(dash + 1));
                if (partition < 0 || start < 0 || end < start) {
                    throw new ConfigException(key + ": '" + item + "' needs partition >= 0 and 0 <= from <= to");
                }
                if (from.put(partition, start) != null) {
                    throw new ConfigException(key + ": partition " + partition + " is listed twice");
                }
                to.put(partition, end);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": '" + item + "' is not partition:from-to (e.g. 0:0-5000)");
            }
        }
        return new OffsetRange(from, to);
    }
}
