package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DelegatingConfiguration;
import org.apache.flink.configuration.FallbackKey;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat configuration keys and their string values, from a properties file and command-line
 * overrides, with typed accessors whose errors name the key. Keys that nothing reads are
 * reported by {@link #unusedKeys()}, so a typo fails loudly instead of being ignored.
 *
 * <p>Typed {@link ConfigOption}s (see {@link JobOptions}) are read through Flink's
 * {@link Configuration}, which parses them and resolves deprecated keys; this class adds what
 * Flink's does not: {@code ${env:NAME}} references, range checks, and the unread-key check.
 */
@PublicEvolving
public final class Settings {

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();
    /** The non-empty values, for typed options: an empty value means "unset", as for the string accessors. */
    private final Configuration configuration;

    public Settings(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
        Map<String, String> set = new LinkedHashMap<>(values);
        set.values().removeIf(String::isEmpty);
        this.configuration = Configuration.fromMap(set);
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

    /** Whether the option's key or one of its deprecated keys is set. */
    public boolean contains(ConfigOption<?> option) {
        return scope("").contains(option);
    }

    /**
     * The option's value (its default when unset), parsed by Flink; the key and its deprecated keys
     * count as read.
     */
    public <T> T get(ConfigOption<T> option) {
        return scope("").get(option).orElseGet(() -> option.hasDefaultValue() ? option.defaultValue() : null);
    }

    public int get(ConfigOption<Integer> option, int min, int max) {
        int value = get(option);
        checkRange(scope("").keyOf(option), value, min, max);
        return value;
    }

    public Duration get(ConfigOption<Duration> option, Duration min, Duration max) {
        Duration value = get(option);
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new ConfigException(scope("").keyOf(option) + " must be in [" + min.toMillis() + " ms, "
                    + max.toMillis() + " ms], got " + value.toMillis() + " ms");
        }
        return value;
    }

    /** A comma-separated string option as a list; empty when unset. */
    public List<String> list(ConfigOption<String> option) {
        String raw = get(option);
        return raw == null ? List.of() : commaSeparated(raw);
    }

    /**
     * Options whose keys sit under one of {@code prefixes}, the first that sets an option winning:
     * e.g. {@code task.spam.} before {@code task-defaults.}.
     */
    public Scope scope(String... prefixes) {
        return new Scope(List.of(prefixes));
    }

    /** Reads options under prefixes; see {@link #scope}. */
    public final class Scope {

        private final List<String> prefixes;

        private Scope(List<String> prefixes) {
            if (prefixes.isEmpty()) {
                throw new IllegalArgumentException("a scope needs a prefix");
            }
            this.prefixes = prefixes;
        }

        public boolean contains(ConfigOption<?> option) {
            return setKey(option) != null;
        }

        /** The key the option's value comes from; the first prefix's key when unset, for messages. */
        public String keyOf(ConfigOption<?> option) {
            String key = setKey(option);
            return key != null ? key : prefixes.get(0) + option.key();
        }

        /**
         * The option's value when set under one of the prefixes (parsed by Flink, whose error names
         * the key), else empty: the caller decides the default. Every prefixed key counts as read.
         */
        public <T> Optional<T> get(ConfigOption<T> option) {
            for (String prefix : prefixes) {
                keysOf(option).forEach(key -> read.add(prefix + key));
            }
            String prefix = settingPrefix(option);
            if (prefix == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new DelegatingConfiguration(configuration, prefix).get(option));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(keyOf(option) + ": " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
            }
        }

        /** The first prefix under which the option's key or a deprecated key is set, else null. */
        private String settingPrefix(ConfigOption<?> option) {
            for (String prefix : prefixes) {
                if (keysOf(option).stream().anyMatch(key -> configuration.containsKey(prefix + key))) {
                    return prefix;
                }
            }
            return null;
        }

        private String setKey(ConfigOption<?> option) {
            String prefix = settingPrefix(option);
            if (prefix == null) {
                return null;
            }
            return keysOf(option).stream().map(key -> prefix + key).filter(configuration::containsKey)
                    .findFirst().orElseThrow();
        }
    }

    private static List<String> keysOf(ConfigOption<?> option) {
        List<String> keys = new ArrayList<>(List.of(option.key()));
        for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
        }
        return keys;
    }

    public String string(String key, String fallback) {
        read.add(key);
        String value = values.get(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The non-blank items of a comma-separated value, trimmed. */
    static List<String> commaSeparated(String raw) {
        List<String> items = new ArrayList<>();
        for (String item : raw.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
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
