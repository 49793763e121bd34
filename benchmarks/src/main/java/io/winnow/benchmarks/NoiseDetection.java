package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How well a run's curation found the mislabeled training samples, judged on the last epoch: the
 * ROC AUC of the weights for telling clean samples (high weight) from mislabeled ones, and the
 * precision and recall of the label corrections (a correction is right when it restores the true
 * label; recall is the share of mislabeled samples restored).
 */
public record NoiseDetection(double weightAuc, double correctionPrecision, double correctionRecall, int corrections,
        double[] cleanWeights, double[] mislabeledWeights) {

    public static NoiseDetection of(ReplayDataset dataset, List<Example> training, RunResult run) {
        Set<String> mislabeled = dataset.mislabeled();
        List<Double> clean = new ArrayList<>();
        List<Double> noisy = new ArrayList<>();
        int changed = 0;
        int changedRight = 0;
        int restored = 0;
        for (Example e : training) {
            RunResult.Pass last = run.lastPass(e.id());
            boolean isNoisy = mislabeled.contains(e.id());
            (isNoisy ? noisy : clean).add((double) last.weight());
            if (last.correctedLabel() != last.givenLabel()) {
                changed++;
                changedRight += last.correctedLabel() == dataset.trueLabel(e.id()) ? 1 : 0;
            }
            if (isNoisy && last.correctedLabel() == dataset.trueLabel(e.id())) {
                restored++;
            }
        }
        double[] cleanWeights = clean.stream().mapToDouble(Double::doubleValue).toArray();
        double[] noisyWeights = noisy.stream().mapToDouble(Double::doubleValue).toArray();
        return new NoiseDetection(Stats.auc(cleanWeights, noisyWeights),
                changed == 0 ? Double.NaN : (double) changedRight / changed,
                noisy.isEmpty() ? Double.NaN : (double) restored / noisy.size(),
                changed, cleanWeights, noisyWeights);
    }
}
