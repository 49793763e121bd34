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
        Tally tally = new Tally();
        for (Example e : training) {
            RunResult.Pass last = run.lastPass(e.id());
            tally.add(last.weight(), mislabeled.contains(e.id()), last.givenLabel(), last.correctedLabel(),
                    dataset.trueLabel(e.id()));
        }
        double[] cleanWeights = tally.clean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] noisyWeights = tally.mislabeled().stream().mapToDouble(Double::doubleValue).toArray();
        return new NoiseDetection(Stats.auc(cleanWeights, noisyWeights), tally.precision(), tally.recall(),
                tally.changed(), cleanWeights, noisyWeights, mislabeledWeightShares(training, mislabeled, run));
    }

    /**
     * Counts, sample by sample, what the measures above need: the weights of clean and of mislabeled
     * samples, how many labels changed and how many of the changes restored the true label.
     */
    public static final class Tally {

        private final List<Double> clean = new ArrayList<>();
        private final List<Double> mislabeled = new ArrayList<>();
        private int changed;
        private int restored;

        /** One sample's last result: its weight, whether its given label is wrong, and its labels. */
        public void add(double weight, boolean isMislabeled, int givenLabel, int correctedLabel, int trueLabel) {
            (isMislabeled ? mislabeled : clean).add(weight);
            if (correctedLabel != givenLabel) {
                changed++;
                restored += correctedLabel == trueLabel ? 1 : 0;
            }
        }

        public List<Double> clean() {
            return clean;
        }

        public List<Double> mislabeled() {
            return mislabeled;
        }

        public int changed() {
            return changed;
        }

        /** Share of the changed labels that are now the true one; NaN when none changed. */
        public double precision() {
            return changed == 0 ? Double.NaN : (double) restored / changed;
        }

        /** Share of the mislabeled samples whose label was restored; NaN when there are none. */
        public double recall() {
            return mislabeled.isEmpty() ? Double.NaN : (double) restored / mislabeled.size();
        }
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
