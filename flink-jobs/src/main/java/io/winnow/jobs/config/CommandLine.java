package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arguments of the job's entry points: {@code --config file.properties} and overrides as
 * {@code --key value} or {@code --key=value}. Shortcuts: {@code --bootstrap-servers} for
 * {@code kafka.bootstrap-servers}.
 *
 * <p>Written by hand because Flink's {@code ParameterTool}, the library the job already has, reads
 * {@code --key=value} as a key named {@code key=value} without a value (measured with Flink 2.2.1):
 * the documented form would silently turn into an unknown key. picocli (the demo's and tools'
 * parser) needs every option declared up front, while the job's keys are open-ended
 * ({@code task.<name>.*}, {@code kafka.properties.*}) and checked by {@link JobConfig} instead.
 */
@PublicEvolving
public record CommandLine(Settings settings, Map<String, String> flags) {

    private static final Map<String, String> SHORTCUTS = Map.of("bootstrap-servers", "kafka.bootstrap-servers");

    /**
     * @param args the arguments; flags without a dot that are not shortcuts (e.g. {@code --samples})
     *     are returned in {@link #flags()} for the entry point itself
     */
    public static CommandLine parse(String[] args) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg + "' (use --key value)");
            }
            String key = arg.substring(2);
            String value;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            key = SHORTCUTS.getOrDefault(key, key);
            if (key.equals("config")) {
                file = Path.of(value);
            } else if (key.contains(".") || key.equals("tasks")) {
                overrides.put(key, value);
            } else {
                flags.put(key, value);
            }
        }
        Settings base = file == null ? new Settings(Map.of()) : Settings.load(file);
        return new CommandLine(base.with(overrides), flags);
    }

    /**
     * The settings, for an entry point whose own options have been taken off already.
     *
     * @throws ConfigException naming every undotted option left: job settings all have a dot, and
     *     dropping one silently would run with a setting the user did not ask for
     */
    public Settings jobSettings() {
        if (!flags.isEmpty()) {
            throw new ConfigException("unknown options " + flags.keySet().stream().map(f -> "--" + f).toList()
                    + ": job settings are dotted keys, e.g. --job.parallelism 2 or --task.<name>.meta-lr 0.01"
                    + " (--help lists the options)");
        }
        return settings;
    }
}
