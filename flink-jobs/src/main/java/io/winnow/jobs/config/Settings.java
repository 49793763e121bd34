package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat configuration keys and their string values, from a properties file and command-line
 * overrides, with typed accessors whose errors name the key. Keys that nothing reads are
 * reported by {@link #unusedKeys()}, so a typo fails loudly instead of being ignored.
 */
@PublicEvolving
public final class Settings {

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    public Settings(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /**
     * Reads a properties file. A value may name an environment variable as {@code ${env:NAME}}, so that
     * credentials come from the environment (a Kubernetes Secret) instead of the file.
     */
    public static Settings load(Path file) {
        return load(file, System.getenv());
    }

    static Settings load(Path file, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key.trim(), substitute(key.trim(), properties.getProperty(key).trim(), environment));
        }
        return new Settings(values);
    }

    private static final Pattern ENVIRONMENT_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private static String substitute(String key, String value, Map<String, String> environment) {
        Matcher matcher = ENVIRONMENT_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = environment.get(matcher.group(1));
            if (replacement == null) {
                throw new ConfigException(key + " refers to environment variable " + matcher.group(1) + ", which is not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** These settings with {@code overrides} on top. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String string(String key, String fallback) {
        read.add(key);
        String value = values.get(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null) {
            throw new ConfigException(key + " is required");
        }
        return value;
    }

    public int integer(String key, int fallback, int min, int max) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.replace("_", ""));
            checkRange(key, value, min, max);
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + raw + "'");
        }
    }

    public long longValue(String key, long fallback, long min, long max) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.replace("_", ""));
            checkRange(key, value, min, max);
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + raw + "'");
        }
    }

    public double decimal(String key, double fallback, double min, double max) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw);
            if (!(value >= min && value <= max)) {
                throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, got '" + raw + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + raw + "'");
        };
    }

    /** One of {@code allowed}, compared case-insensitively; returns the allowed spelling. */
    public String choice(String key, String fallback, List<String> allowed) {
        String raw = string(key, fallback);
        for (String option : allowed) {
            if (option.equalsIgnoreCase(raw)) {
                return option;
            }
        }
        throw new ConfigException(key + " must be one of " + allowed + ", got '" + raw + "'");
    }

    /** A comma-separated list; empty when the key is absent. */
    public List<String> list(String key) {
        String raw = string(key, "");
        List<String> items = new ArrayList<>();
        for (String item : raw.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    public int[] integers(String key, int[] fallback, int min) {
        List<String> items = list(key);
        if (items.isEmpty()) {
            return fallback;
        }
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(items.get(i));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a comma-separated list of integers, got '" + string(key, "") + "'");
            }
            checkRange(key, out[i], min, Integer.MAX_VALUE);
        }
        return out;
    }

    /** Every key under {@code prefix} (prefix removed); all of them count as read. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                read.add(key);
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    /** Keys present but never read: almost always typos. */
    public List<String> unusedKeys() {
        List<String> unused = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                unused.add(key);
            }
        }
        return unused;
    }

    private static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
