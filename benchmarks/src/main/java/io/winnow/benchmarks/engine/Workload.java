package io.winnow.benchmarks.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What every (model, method) pair of one benchmark run trains on: model sizes, batch, unroll,
 * step counts, threads and the switches of the curation problem. The parent hands it to each child
 * JVM as explicit options ({@link #toArgs()}), and the child reads it back with {@link WorkloadOptions}.
 *
 * @param mlpLayerSizes input dimension, hidden sizes…, classes of the MLP
 * @param textHidden hidden sizes of the text model's classification head
 * @param warmupSteps untimed base steps before the timed part (at least two unroll cycles)
 * @param mlpSteps timed base steps for the MLP (a multiple of unroll, so every method takes the same meta steps)
 * @param textSteps timed base steps for the text model
 * @param trainPool distinct training examples the batches cycle through
 * @param trustedSize trusted examples the meta batches are drawn from
 * @param emaDecay decay of the trainer's EMA model (0 turns it off; the engine's default is 0.99)
 */
record Workload(
        int[] mlpLayerSizes,
        int textVocabulary,
        int textLength,
        int textDim,
        int textLayers,
        int textHeads,
        int textFeedForward,
        int[] textHidden,
        int classes,
        double dropout,
        int batchSize,
        int unroll,
        int warmupSteps,
        int mlpSteps,
        int textSteps,
        int threads,
        boolean correct,
        double emaDecay,
        int trainPool,
        int trustedSize,
        long seed) {

    static final int DEFAULT_MLP_STEPS = 300;
    static final int DEFAULT_TEXT_STEPS = 80;

    Workload {
        mlpLayerSizes = mlpLayerSizes.clone();
        textHidden = textHidden.clone();
        if (mlpLayerSizes.length < 2 || mlpLayerSizes[mlpLayerSizes.length - 1] != classes) {
            throw new IllegalArgumentException("MLP sizes must run from the input dimension to the "
                    + classes + " classes: " + Arrays.toString(mlpLayerSizes));
        }
        if (warmupSteps < 2 * unroll) {
            throw new IllegalArgumentException("warm-up must cover at least two unroll cycles ("
                    + 2 * unroll + " steps), got " + warmupSteps);
        }
        if (mlpSteps % unroll != 0 || textSteps % unroll != 0) {
            throw new IllegalArgumentException("timed steps must be multiples of unroll (" + unroll
                    + ") so that every method runs whole cycles: " + mlpSteps + ", " + textSteps);
        }
        if (trainPool < batchSize || trustedSize < batchSize) {
            throw new IllegalArgumentException("the training pool and the trusted set must hold at least one batch");
        }
    }

    /** Explicit options that {@link WorkloadOptions#parse} turns back into this workload (never {@code --quick}). */
    List<String> toArgs() {
        List<String> out = new ArrayList<>();
        int[] mlpInputAndHidden = Arrays.copyOf(mlpLayerSizes, mlpLayerSizes.length - 1);
        add(out, "classes", classes);
        add(out, "mlp-sizes", join(mlpInputAndHidden));
        add(out, "text-vocab", textVocabulary);
        add(out, "text-length", textLength);
        add(out, "text-dim", textDim);
        add(out, "text-layers", textLayers);
        add(out, "text-heads", textHeads);
        add(out, "text-ffn", textFeedForward);
        add(out, "text-hidden", join(textHidden));
        add(out, "dropout", dropout);
        add(out, "batch", batchSize);
        add(out, "unroll", unroll);
        add(out, "warmup", warmupSteps);
        add(out, "mlp-steps", mlpSteps);
        add(out, "text-steps", textSteps);
        add(out, "threads", threads);
        add(out, "ema-decay", emaDecay);
        add(out, "train-pool", trainPool);
        add(out, "trusted", trustedSize);
        add(out, "seed", seed);
        if (correct) {
            out.add("--correct");
        }
        return out;
    }

    /**
     * The quick sizes with this workload's classes, unroll, switches and threads, and batch 8: the
     * tiny trainer a worker warms the engine up with.
     */
    Workload tiny() {
        List<String> args = new ArrayList<>(List.of("--quick",
                "--classes", Integer.toString(classes), "--batch", "8", "--unroll", Integer.toString(unroll),
                "--dropout", Double.toString(dropout), "--ema-decay", Double.toString(emaDecay),
                "--threads", Integer.toString(threads), "--seed", Long.toString(seed)));
        if (correct) {
            args.add("--correct");
        }
        return WorkloadOptions.parse(args.toArray(String[]::new));
    }

    /** One line naming the sizes, for the report header. */
    String describe() {
        return String.format(Locale.ROOT,
                "MLP %s; text vocab %d, length %d, dim %d, %d layer(s), %d head(s), ffn %d, head %s; "
                        + "%d classes, dropout %s, batch %d, unroll %d, warm-up %d, timed steps mlp %d / text %d, "
                        + "%d thread(s), reweight on, correction %s, EMA decay %s, Adam base optimizer",
                join(mlpLayerSizes).replace(",", "→"), textVocabulary, textLength, textDim, textLayers, textHeads,
                textFeedForward, join(textHidden), classes, dropout, batchSize, unroll, warmupSteps, mlpSteps,
                textSteps, threads, correct ? "on" : "off", emaDecay);
    }

    private static void add(List<String> out, String name, Object value) {
        out.add("--" + name);
        out.add(String.valueOf(value));
    }

    static String join(int[] values) {
        StringBuilder out = new StringBuilder();
        for (int value : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(value);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workload that && toArgs().equals(that.toArgs());
    }

    @Override
    public int hashCode() {
        return toArgs().hashCode();
    }

    @Override
    public String toString() {
        return "Workload" + toArgs();
    }
}
