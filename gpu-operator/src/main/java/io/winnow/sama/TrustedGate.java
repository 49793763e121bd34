package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.meta.LabelCorrector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The per-sample gate of {@link TrustedGateSpec}: keeps the decayed per-class sums of the trusted
 * model's probability of the given label over training samples (bounded state: two numbers per
 * class, in the checkpoint) and turns a batch's probabilities into gates in [0, 1].
 */
final class TrustedGate {

    private final TrustedGateSpec spec;
    private final double[] probabilitySums;
    private final double[] counts;

    TrustedGate(TrustedGateSpec spec, int classes) {
        this.spec = spec;
        this.probabilitySums = new double[classes];
        this.counts = new double[classes];
    }

    /**
     * Folds the training samples' probabilities into the running sums, then gates the batch.
     *
     * @param batch the batch; its first {@code trainingSamples} are training samples, the rest
     *     trusted samples mixed in (gate 1, their weight is overridden anyway)
     * @param givenProbabilities the trusted model's probability of each sample's given label [B]
     * @return gates [B] of {@code dataType}
     */
    NDArray gates(List<Example> batch, int trainingSamples, NDArray givenProbabilities, DataType dataType,
            NDManager manager) {
        float[] p = givenProbabilities.toType(DataType.FLOAT32, false).toFloatArray();
        for (int c = 0; c < counts.length; c++) {
            probabilitySums[c] *= spec.decay();
            counts[c] *= spec.decay();
        }
        for (int i = 0; i < trainingSamples; i++) {
            int label = batch.get(i).label();
            if (label >= 0 && Float.isFinite(p[i])) {
                probabilitySums[label] += p[i];
                counts[label]++;
            }
        }
        float[] gates = new float[batch.size()];
        Arrays.fill(gates, 1f);
        for (int i = 0; i < trainingSamples; i++) {
            int label = batch.get(i).label();
            if (label >= 0 && Float.isFinite(p[i])) {
                gates[i] = (float) gate(p[i], probabilitySums[label] / counts[label]);
            }
        }
        NDArray array = manager.create(gates);
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }

    private double gate(double probability, double threshold) {
        double margin = probability - threshold;
        if (spec.temperature() == 0) {
            return margin >= 0 ? 1 : 0;
        }
        return 1 / (1 + Math.exp(-margin / spec.temperature()));
    }

    /**
     * The corrector's gate opened where the trusted model doubts the given label: t' = 1 − (1 − t)·(1 − d),
     * d = (1 − g)·conf(b), g the trusted gate and conf(b) = (max_k b_k − 1/K)·K/(K − 1) the confidence of
     * the corrector's belief (0 for a uniform belief, 1 for a certain one); the corrected label is
     * y + t'·(b − y) again. Why: with reweighting on, the meta-learned gate t stays closed (the
     * mislabeled samples, the only ones whose meta-gradient says "correct me", carry weight 0), so the
     * trusted model's doubt decides which labels may move, and the belief's own confidence how far: a
     * doubted sample whose belief is unsure is dropped (its weight is g·w), not relabeled. On
     * SpamAssassin's dev split this relabeled with precision 0.92 at 40% flips, 0.79 on the weak labels,
     * where the base model shares the labeling functions' bias. The gradient to t still flows (through
     * 1 − d); d is a constant.
     *
     * <p>With {@code trustedClasses} (the trusted model's most likely class per sample,
     * {@link TrustedGateSpec#agreement}), d is 0 where the belief's most likely class is another:
     * the trusted model must not only doubt the given label but name the same new one.
     *
     * @param trustedClasses [B] the trusted model's argmax, or null to open on doubt alone
     */
    static LabelCorrector.Correction openWhereDoubted(LabelCorrector.Correction correction, NDArray gates,
            NDArray givenOneHot, NDArray trustedClasses) {
        NDArray belief = correction.belief();
        double classes = givenOneHot.getShape().get(1);
        // Intermediates stay with the step's manager: a meta graph may still need them.
        NDArray certain = belief.stopGradient().max(new int[] {1}, true);
        NDArray confidence = Scalars.mul(Scalars.rsub(1.0 / classes, certain).neg(), classes / (classes - 1));
        NDArray doubt = Scalars.rsub(1.0, gates.expandDims(1)).mul(confidence);
        if (trustedClasses != null) {
            NDArray agree = belief.stopGradient().argMax(1).eq(trustedClasses).toType(doubt.getDataType(), false);
            doubt = doubt.mul(agree.expandDims(1));
        }
        NDArray share = Scalars.rsub(1.0, Scalars.rsub(1.0, correction.share()).mul(Scalars.rsub(1.0, doubt)));
        return new LabelCorrector.Correction(share, belief, givenOneHot.add(share.mul(belief.sub(givenOneHot))));
    }

    /** The current per-class thresholds τ (NaN for a class no training sample was given yet). */
    double[] thresholds() {
        double[] thresholds = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            thresholds[c] = counts[c] > 0 ? probabilitySums[c] / counts[c] : Double.NaN;
        }
        return thresholds;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(counts.length);
        for (int c = 0; c < counts.length; c++) {
            out.writeDouble(probabilitySums[c]);
            out.writeDouble(counts[c]);
        }
    }

    void read(DataInputStream in) throws IOException {
        int classes = in.readInt();
        if (classes != counts.length) {
            throw new IllegalArgumentException("trusted gate: state has " + classes + " classes, the task " + counts.length);
        }
        for (int c = 0; c < classes; c++) {
            probabilitySums[c] = in.readDouble();
            counts[c] = in.readDouble();
        }
    }

    /** Reads and drops the sums that a gate wrote: for state restored into a trainer without one. */
    static void skip(DataInputStream in) throws IOException {
        int classes = in.readInt();
        in.skipNBytes(2L * Double.BYTES * classes);
    }
}
