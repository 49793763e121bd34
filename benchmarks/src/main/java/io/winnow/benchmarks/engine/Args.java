package io.winnow.benchmarks.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser: {@code --name value} options and bare {@code --flag}s. Every
 * option the caller reads is marked used; {@link #rejectUnused()} then names anything left over,
 * so a misspelt option fails instead of being ignored.
 */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> used = new LinkedHashSet<>();

    private Args() {}

    /**
     * @param args the command line
     * @param flagNames the options that take no value (e.g. "quick")
     */
    static Args parse(String[] args, Set<String> flagNames) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected an option starting with --, got '" + arg + "'");
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flagNames.contains(name)) {
                if (inlineValue != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                parsed.flags.add(name);
                continue;
            }
            String value = inlineValue;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (parsed.values.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min) {
        used.add(name);
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    double decimal(String name, double fallback, double min, double maxExclusive) {
        used.add(name);
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + raw + "'");
        }
        if (!(value >= min && value < maxExclusive)) {
            throw new IllegalArgumentException(
                    "--" + name + " must be in [" + min + ", " + maxExclusive + "), got " + raw);
        }
        return value;
    }

    /** A comma-separated list of positive integers. */
    int[] integers(String name, int[] fallback) {
        used.add(name);
        String raw = values.get(name);
        if (raw == null) {
            return fallback.clone();
        }
        List<String> parts = list(raw);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(parts.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be comma-separated integers, got '" + raw + "'");
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException("--" + name + " values must be positive, got '" + raw + "'");
            }
        }
        return out;
    }

    /** A comma-separated list of names, trimmed and lower-cased. */
    List<String> names(String name, String fallback) {
        used.add(name);
        List<String> out = new ArrayList<>();
        for (String part : list(values.getOrDefault(name, fallback))) {
            out.add(part.toLowerCase(Locale.ROOT));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " needs at least one value");
        }
        return out;
    }

    void rejectUnused() {
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                unknown.add("--" + name);
            }
        }
        for (String name : flags) {
            if (!used.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + String.join(", ", unknown));
        }
    }

    private static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return out;
    }
}
