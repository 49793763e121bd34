package io.winnow.benchmarks;

import io.winnow.sama.Example;
import io.winnow.sama.label.LabelModel;
import io.winnow.sama.label.LabelModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The label-model baseline: Dawid-Skene EM on the training samples' votes, anchored by the trusted
 * samples' votes and labels, run to convergence offline (the engine's {@link LabelModel} with a
 * window that holds every sample, 50 iterations); each training sample is relabeled with its
 * posterior's most likely class and an end model is finetuned on those labels.
 */
final class OfflineLabelModel {

    static final int ITERATIONS = 50;

    private OfflineLabelModel() {}

    static List<Example> relabel(List<Example> training, List<Example> trusted, int classes, int functions) {
        LabelModelSpec spec = LabelModelSpec.defaults();
        LabelModel model = new LabelModel(classes, functions, spec.priorAccuracy(), spec.priorStrength(),
                Math.max(training.size(), trusted.size()), spec.trustedWeight());
        List<Example> voted = trusted.stream().filter(e -> e.votes().length == functions).toList();
        model.observeTrusted(voted.stream().map(Example::votes).toArray(int[][]::new),
                voted.stream().mapToInt(Example::label).toArray());
        model.observe(training.stream().map(Example::votes).toArray(int[][]::new));
        for (int i = 1; i < ITERATIONS; i++) {
            model.observe(new int[0][]);
        }
        List<Example> out = new ArrayList<>(training.size());
        for (Example e : training) {
            double[] q = model.posterior(e.votes());
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (q[k] > q[best]) {
                    best = k;
                }
            }
            out.add(new Example(e.id(), e.features(), e.tokens(), best, new int[0]));
        }
        return out;
    }
}
