package io.winnow.demo.engine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of the engine demo (picocli). */
@Command(name = "EngineDemo", usageHelpWidth = 100, sortOptions = false,
        description = "The SAMA engine alone (no Kafka, no Flink) on a generated stream with flipped labels.%n")
final class DemoOptions {

    @Option(names = "--samples", defaultValue = "6000",
            description = "training samples in the generated stream, at least 64 (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--epochs", defaultValue = "4", description = "passes over the stream (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--noise", defaultValue = "0.4",
            description = "share of flipped labels, 0 to 0.7 (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--seed", defaultValue = "7", description = "seed of data, model and order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** @throws IllegalArgumentException naming what is wrong */
    static DemoOptions parse(String[] args) {
        DemoOptions options = new DemoOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!options.help && (options.samples < 64 || options.epochs < 1 || options.noise < 0 || options.noise > 0.7)) {
            throw new IllegalArgumentException("need --samples >= 64, --epochs >= 1 and --noise in [0, 0.7]");
        }
        return options;
    }

    static String usage() {
        return new CommandLine(new DemoOptions()).getUsageMessage();
    }

    int samples() {
        return samples;
    }

    int epochs() {
        return epochs;
    }

    double noise() {
        return noise;
    }

    long seed() {
        return seed;
    }

    boolean help() {
        return help;
    }
}
