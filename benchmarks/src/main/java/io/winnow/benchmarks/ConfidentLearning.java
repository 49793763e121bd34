package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The confident-learning baseline (Northcutt et al., cleanlab's pruning by self-confidence), written
 * in Java because cleanlab is Python: out-of-sample class probabilities by cross-fitting (each fold
 * predicted by a model trained, through the same job, on the other folds), a per-class threshold
 * t_j = the mean probability of class j over the samples labeled j, and a sample is dropped when the
 * probability of its given label falls below its class's threshold.
 */
final class ConfidentLearning {

    static final int FOLDS = 3;

    private ConfidentLearning() {}

    /** The training samples that survive the filter. */
    static List<Example> filter(ReplayRunner runner, List<Example> training, int classes, Map<String, String> settings,
            int epochs, long seed, String name) {
        Map<String, float[]> outOfSample = new HashMap<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Example> fit = new ArrayList<>();
            List<Example> held = new ArrayList<>();
            for (int i = 0; i < training.size(); i++) {
                (i % FOLDS == fold ? held : fit).add(training.get(i));
            }
            RunResult result = runner.run(new RunSpec(String.format(Locale.ROOT, "%s-fold%d", name, fold), fit, List.of(),
                    held, settings, epochs, seed));
            outOfSample.putAll(result.predictions());
        }
        return keepAboveClassMean(training, outOfSample, classes);
    }

    /**
     * The self-confidence rule: keep a sample when the probability of its given label is at least
     * that class's mean over the samples given it.
     *
     * @param probabilities class probabilities of every training sample, by id
     */
    static List<Example> keepAboveClassMean(List<Example> training, Map<String, float[]> probabilities, int classes) {
        double[] sums = new double[classes];
        int[] counts = new int[classes];
        for (Example e : training) {
            sums[e.label()] += probabilities.get(e.id())[e.label()];
            counts[e.label()]++;
        }
        List<Example> kept = new ArrayList<>();
        for (Example e : training) {
            if (probabilities.get(e.id())[e.label()] >= sums[e.label()] / counts[e.label()]) {
                kept.add(e);
            }
        }
        return kept;
    }
}
