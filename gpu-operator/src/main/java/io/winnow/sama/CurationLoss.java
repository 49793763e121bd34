package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.meta.LabelCorrector;
import io.winnow.sama.meta.Reweighter;

/**
 * The base loss of data curation. With the paper's {@link CorrectionCoupling#MULTIPLICATIVE}
 * coupling L_base = mean_i w_i · CE(f(x_i; θ), c_i); with {@link CorrectionCoupling#COMPLEMENTARY}
 * L_base = mean_i w̃_i · CE(f_i, y_i) + (1 − w̃_i) · CE(f_i, c_i), w̃ = w/2; with
 * {@link CorrectionCoupling#GATED} L_base = mean_i (1 − t_i) · w_i · CE(f_i, y_i) + t_i · CE(f_i, b_i),
 * t_i the corrector's gate and b_i its belief; with the trusted gate on, a sample the trusted model
 * doubts opens the corrector's gate further ({@link TrustedGate#openWhereDoubted}). The weight w_i comes from
 * the reweighting net on the sample's detached loss (against the given label, or against the
 * detached corrected label) and uncertainty, and, for a class-aware net, the one-hot of its given
 * label; c_i is the corrected soft label. The meta nets read the base model only through detached
 * values.
 */
final class CurationLoss {

    private final Reweighter reweighter;
    private final LabelCorrector corrector;
    private final boolean normalizeWeights;
    private final CorrectionCoupling coupling;
    private final boolean reweighCorrectedLoss;

    /** The paper's form: multiplicative coupling, the reweighting net reading the loss against the given label. */
    CurationLoss(Reweighter reweighter, LabelCorrector corrector, boolean normalizeWeights) {
        this(reweighter, corrector, normalizeWeights, CorrectionCoupling.MULTIPLICATIVE, false);
    }

    /**
     * Either net may be null: weights are then 1, labels stay as given.
     *
     * @param normalizeWeights divide the batch's weights by their mean (inside the meta graph)
     * @param coupling how weight and corrected label combine; only matters with both nets
     * @param reweighCorrectedLoss feed the reweighting net the loss against the (detached) corrected
     *     label, the paper's w(L(f, c)): a sample the corrector has fixed then regains its weight
     */
    CurationLoss(Reweighter reweighter, LabelCorrector corrector, boolean normalizeWeights,
            CorrectionCoupling coupling, boolean reweighCorrectedLoss) {
        if (normalizeWeights && coupling == CorrectionCoupling.COMPLEMENTARY && reweighter != null && corrector != null) {
            throw new IllegalArgumentException("complementary coupling needs weights in (0, 2): do not normalise them");
        }
        this.reweighter = reweighter;
        this.corrector = corrector;
        this.normalizeWeights = normalizeWeights;
        this.coupling = coupling;
        this.reweighCorrectedLoss = reweighCorrectedLoss;
    }

    /**
     * What the meta nets read from the base model, all detached: its logits, each sample's loss
     * against the given label, and its disagreement with the EMA model.
     */
    record MetaInputs(NDArray logits, NDArray givenLoss, NDArray uncertainty) {}

    /** Per-sample terms and the batch loss of one evaluation. */
    record Terms(NDArray loss, NDArray weights, NDArray corrected, MetaInputs inputs) {}

    /**
     * @param logits the base model's logits for the batch, recorded or not as the caller needs
     * @param metaGraph whether to record the meta nets for differentiation w.r.t. λ; when false
     *     their outputs are constants (λ frozen during base steps)
     * @param frozenInputs meta-net inputs to use instead of those of {@code logits}, or null
     */
    Terms evaluate(NDArray logits, LabeledBatch batch, boolean metaGraph, MetaInputs frozenInputs) {
        NDArray logProbabilities = logits.logSoftmax(1);
        MetaInputs inputs = frozenInputs != null ? frozenInputs : metaInputs(logits, logProbabilities, batch);
        NDArray weights;
        NDArray corrected;
        LabelCorrector.Correction correction = null;
        try (Autograd.GradModeScope ignored = metaGraph ? Autograd.recording() : Autograd.paused()) {
            if (corrector != null) {
                correction = corrector.correction(inputs.logits(), batch.oneHotLabels(), batch.votes(), experts(batch));
                if (batch.trustedGates() != null) {
                    correction = TrustedGate.openWhereDoubted(correction, batch.trustedGates(), batch.oneHotLabels(),
                            batch.trustedClasses());
                }
            }
            corrected = correction == null ? batch.oneHotLabels() : correction.corrected();
            NDArray reweighterLoss = reweighCorrectedLoss && corrector != null
                    ? CrossEntropy.fromLogProbabilities(inputs.logits().logSoftmax(1), corrected.stopGradient())
                    : inputs.givenLoss();
            weights = reweighter == null
                    ? inputs.givenLoss().onesLike()
                    : reweighter.weights(reweighterLoss, inputs.uncertainty(),
                            reweighter.usesClass() ? batch.oneHotLabels() : null, batch.reweighterColumns());
            if (reweighter != null && batch.trustedGates() != null) {
                weights = weights.mul(batch.trustedGates()); // a constant: λ's gradient passes only where the gate is open
            }
            NDArray trusted = batch.trustedMask();
            NDArray untrusted = trusted == null ? null : Scalars.rsub(1.0, trusted);
            if (reweighter != null && normalizeWeights) {
                // The training samples' mean; weights lie in (0, 2): it is positive.
                NDArray mean = untrusted == null ? weights.mean() : weights.mul(untrusted).sum().div(untrusted.sum());
                weights = weights.div(mean);
            }
            if (trusted != null) {
                // Trusted samples mixed into the batch count fully, with their own (clean) labels.
                weights = weights.mul(untrusted).add(trusted);
                corrected = corrected.mul(untrusted.expandDims(1)).add(batch.oneHotLabels().mul(trusted.expandDims(1)));
            }
        }
        boolean bothNets = reweighter != null && correction != null;
        NDArray loss;
        if (bothNets && coupling == CorrectionCoupling.GATED) {
            NDArray share = correction.share().squeeze(1);
            if (batch.trustedMask() != null) {
                share = share.mul(Scalars.rsub(1.0, batch.trustedMask())); // trusted samples keep their labels
            }
            NDArray beliefLoss = CrossEntropy.fromLogProbabilities(logProbabilities, correction.belief());
            loss = Scalars.rsub(1.0, share).mul(weights).mul(givenLoss(logProbabilities, batch))
                    .add(share.mul(beliefLoss)).mean();
        } else if (bothNets && coupling == CorrectionCoupling.COMPLEMENTARY) {
            NDArray givenShare = Scalars.mul(weights, 0.5);
            NDArray correctedLoss = CrossEntropy.fromLogProbabilities(logProbabilities, corrected);
            loss = givenShare.mul(givenLoss(logProbabilities, batch))
                    .add(Scalars.rsub(1.0, givenShare).mul(correctedLoss)).mean();
        } else {
            loss = weights.mul(CrossEntropy.fromLogProbabilities(logProbabilities, corrected)).mean();
        }
        return new Terms(loss, weights, corrected, inputs);
    }

    /** Each sample's cross-entropy against its given label, recorded (the meta inputs hold a detached copy). */
    private static NDArray givenLoss(NDArray logProbabilities, LabeledBatch batch) {
        return CrossEntropy.fromLogProbabilities(logProbabilities, batch.oneHotLabels());
    }

    /**
     * The corrector's experts: the label model's posterior, as log-probabilities. (The trusted model
     * is no expert here: as a second opinion in the belief it made the corrector change clean labels
     * three times as often on noisy clusters, 14% against 6%.)
     */
    private static NDList experts(LabeledBatch batch) {
        NDList experts = new NDList();
        if (batch.labelPosterior() != null) {
            try (NDArray floor = Scalars.owned(batch.labelPosterior(), 1e-6)) {
                experts.add(batch.labelPosterior().maximum(floor).log());
            }
        }
        return experts;
    }

    /** The meta nets' inputs at the θ that produced {@code logits}. */
    static MetaInputs metaInputs(NDArray logits, LabeledBatch batch) {
        return metaInputs(logits, logits.logSoftmax(1), batch);
    }

    private static MetaInputs metaInputs(NDArray logits, NDArray logProbabilities, LabeledBatch batch) {
        NDArray detachedLogits = logits.stopGradient();
        NDArray givenLoss = CrossEntropy.fromLogProbabilities(logProbabilities, batch.oneHotLabels()).stopGradient();
        return new MetaInputs(detachedLogits, givenLoss, uncertainty(detachedLogits, batch));
    }

    /** ½‖p − p_ema‖₁: how much the model and its slow-moving average disagree on a sample. */
    private static NDArray uncertainty(NDArray detachedLogits, LabeledBatch batch) {
        if (batch.emaProbabilities() == null) {
            return detachedLogits.getManager().zeros(
                    new ai.djl.ndarray.types.Shape(batch.size()), detachedLogits.getDataType());
        }
        return detachedLogits.softmax(1).sub(batch.emaProbabilities()).abs().sum(new int[] {1}).mul(0.5);
    }
}
