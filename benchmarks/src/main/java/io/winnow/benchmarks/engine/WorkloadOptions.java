package io.winnow.benchmarks.engine;

import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The workload's options (a picocli mixin), shared by the parent's command line and each child's.
 * Options whose default depends on {@code --quick} stay null when not given.
 */
final class WorkloadOptions {

    @Option(names = "--quick", description = "tiny sizes and steps: a harness smoke run, a few seconds per pair")
    boolean quick;

    @Option(names = "--steps", paramLabel = "N", description = "timed base steps for every model (default mlp "
            + Workload.DEFAULT_MLP_STEPS + ", text " + Workload.DEFAULT_TEXT_STEPS + "; multiples of --unroll)")
    Integer steps;

    @Option(names = "--mlp-steps", paramLabel = "N", description = "timed base steps of the MLP")
    Integer mlpSteps;

    @Option(names = "--text-steps", paramLabel = "N", description = "timed base steps of the text model")
    Integer textSteps;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed base steps first (default 3 unroll cycles, at least 2)")
    Integer warmup;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads in each child (inter-op: 1)")
    int threads;

    @Option(names = "--correct", description = "turn label correction on as well (reweighting is always on)")
    boolean correct;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--unroll", defaultValue = "10", description = "base steps per meta step (default: ${DEFAULT-VALUE})")
    int unroll;

    @Option(names = "--classes", defaultValue = "4", description = "classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--dropout", defaultValue = "0.1", description = "dropout, in [0, 1] (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--ema-decay", defaultValue = "0.99",
            description = "decay of the EMA model, in [0, 1]; 0 turns it off (default: ${DEFAULT-VALUE})")
    double emaDecay;

    @Option(names = "--seed", defaultValue = "7", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--mlp-sizes", split = ",", paramLabel = "N", description = "MLP input dimension and hidden"
            + " widths; the classes are appended (default 768,1024)")
    int[] mlpSizes;

    @Option(names = "--text-vocab", paramLabel = "N", description = "text model vocabulary (default 5000)")
    Integer textVocabulary;

    @Option(names = "--text-length", paramLabel = "N", description = "tokens per sample (default 64)")
    Integer textLength;

    @Option(names = "--text-dim", paramLabel = "N", description = "model width (default 128)")
    Integer textDim;

    @Option(names = "--text-layers", paramLabel = "N", description = "Transformer layers (default 2)")
    Integer textLayers;

    @Option(names = "--text-heads", paramLabel = "N", description = "attention heads (default 4)")
    Integer textHeads;

    @Option(names = "--text-ffn", paramLabel = "N", description = "feed-forward width (default 256)")
    Integer textFeedForward;

    @Option(names = "--text-hidden", split = ",", paramLabel = "N", description = "classification head widths (default 128)")
    int[] textHidden;

    @Option(names = "--train-pool", paramLabel = "N", description = "distinct training examples (default 64 batches)")
    Integer trainPool;

    @Option(names = "--trusted", paramLabel = "N", description = "distinct trusted examples (default 8 batches)")
    Integer trusted;

    /** The workload, with the {@code --quick} or full defaults where an option was not given. */
    Workload workload() {
        atLeast("--classes", classes, 2);
        atLeast("--unroll", unroll, 1);
        atLeast("--batch", batch, 1);
        atLeast("--threads", threads, 1);
        atLeast("--seed", seed, 0);
        within("--dropout", dropout);
        within("--ema-decay", emaDecay);
        int[] sizes = positive("--mlp-sizes", mlpSizes != null ? mlpSizes : quick ? new int[] {32, 64} : new int[] {768, 1024});
        int[] layers = Arrays.copyOf(sizes, sizes.length + 1);
        layers[sizes.length] = classes;
        int defaultSteps = steps != null ? atLeast("--steps", steps, 1) : 0;
        return new Workload(
                layers,
                option("--text-vocab", textVocabulary, quick ? 200 : 5000, 2),
                option("--text-length", textLength, quick ? 16 : 64, 2),
                option("--text-dim", textDim, quick ? 32 : 128, 1),
                option("--text-layers", textLayers, quick ? 1 : 2, 0),
                option("--text-heads", textHeads, quick ? 2 : 4, 1),
                option("--text-ffn", textFeedForward, quick ? 64 : 256, 1),
                positive("--text-hidden", textHidden != null ? textHidden : quick ? new int[] {32} : new int[] {128}),
                classes,
                dropout,
                batch,
                unroll,
                option("--warmup", warmup, 3 * unroll, 1),
                option("--mlp-steps", mlpSteps, defaultSteps > 0 ? defaultSteps : quick ? 2 * unroll : Workload.DEFAULT_MLP_STEPS, 1),
                option("--text-steps", textSteps, defaultSteps > 0 ? defaultSteps : quick ? 2 * unroll : Workload.DEFAULT_TEXT_STEPS, 1),
                threads,
                correct,
                emaDecay,
                option("--train-pool", trainPool, quick ? 4 * batch : 64 * batch, 1),
                option("--trusted", trusted, quick ? 2 * batch : 8 * batch, 1),
                seed);
    }

    /** A workload from options alone (e.g. {@link Workload#toArgs()}), without a command around them. */
    static Workload parse(String... args) {
        Holder holder = new Holder();
        parseInto(holder, args);
        return holder.options.workload();
    }

    /**
     * Fills a picocli command object from {@code args}.
     *
     * @throws IllegalArgumentException for a bad command line, with picocli's reason
     */
    static void parseInto(Object command, String[] args) {
        try {
            new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Command(name = "workload")
    private static final class Holder {
        @CommandLine.Mixin
        WorkloadOptions options = new WorkloadOptions();
    }

    private static int option(String name, Integer value, int fallback, int min) {
        return (int) atLeast(name, value == null ? fallback : value, min);
    }

    private static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static int atLeast(String name, int value, int min) {
        return (int) atLeast(name, (long) value, min);
    }

    private static void within(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    private static int[] positive(String name, int[] values) {
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException(name + " needs positive values, got " + Arrays.toString(values));
        }
        return values;
    }
}
