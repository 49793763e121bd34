package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How well a run's curation found the mislabeled training samples, judged on the last epoch: the
 * ROC AUC of the weights for telling clean samples (high weight) from mislabeled ones, and the
 * precision and recall of the label corrections (a correction is right when it restores the true
 * label; recall is the share of mislabeled samples restored); and, per epoch, the share of the total
 * weight that fell on mislabeled samples: how fast the weights act, which the last epoch's AUC cannot
 * show (the base model learns from every epoch, oracle reweighting gives them none from the first).
 */
public record NoiseDetection(double weightAuc, double correctionPrecision, double correctionRecall, int corrections,
        double[] cleanWeights, double[] mislabeledWeights, double[] mislabeledWeightSharePerEpoch) {

    /** Share of the training samples whose given label is wrong: what plain finetuning weighs on them. */
    public double wrongLabelShare() {
        int all = cleanWeights.length + mislabeledWeights.length;
        return all == 0 ? Double.NaN : (double) mislabeledWeights.length / all;
    }

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
                changed, cleanWeights, noisyWeights, mislabeledWeightShares(training, mislabeled, run));
    }

    /** Per epoch: Σ weight of mislabeled samples / Σ weight of all training samples (NaN if no weight). */
    private static double[] mislabeledWeightShares(List<Example> training, Set<String> mislabeled, RunResult run) {
        double[] shares = new double[run.epochs()];
        for (int epoch = 0; epoch < shares.length; epoch++) {
            double onMislabeled = 0;
            double total = 0;
            for (Example e : training) {
                double weight = run.pass(e.id(), epoch).weight();
                total += weight;
                onMislabeled += mislabeled.contains(e.id()) ? weight : 0;
            }
            shares[epoch] = total > 0 ? onMislabeled / total : Double.NaN;
        }
        return shares;
    }
}
