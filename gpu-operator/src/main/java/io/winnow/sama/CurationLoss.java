package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.meta.LabelCorrector;
import io.winnow.sama.meta.Reweighter;

/**
 * The base loss of data curation: L_base = mean_i w_i · CE(f(x_i; θ), c_i), where the weight w_i
 * comes from the reweighting net on the sample's detached loss (and uncertainty, and, for a
 * class-aware net, the one-hot of its given label — never the corrected one) and c_i is the
 * corrected soft label. The meta nets read the base model only through detached values.
 */
final class CurationLoss {

    private final Reweighter reweighter;
    private final LabelCorrector corrector;
    private final boolean normalizeWeights;

    /**
     * Either net may be null: weights are then 1, labels stay as given.
     *
     * @param normalizeWeights divide the batch's weights by their mean (inside the meta graph)
     */
    CurationLoss(Reweighter reweighter, LabelCorrector corrector, boolean normalizeWeights) {
        this.reweighter = reweighter;
        this.corrector = corrector;
        this.normalizeWeights = normalizeWeights;
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
        try (Autograd.GradModeScope ignored = metaGraph ? Autograd.recording() : Autograd.paused()) {
            corrected = corrector == null
                    ? batch.oneHotLabels()
                    : corrector.correct(inputs.logits(), batch.oneHotLabels(), batch.votes());
            weights = reweighter == null
                    ? inputs.givenLoss().onesLike()
                    : reweighter.weights(inputs.givenLoss(), inputs.uncertainty(),
                            reweighter.usesClass() ? batch.oneHotLabels() : null);
            if (reweighter != null && normalizeWeights) {
                weights = weights.div(weights.mean()); // weights lie in (0, 2): the mean is positive
            }
        }
        NDArray perSample = corrected.mul(logProbabilities).sum(new int[] {1}).neg();
        NDArray loss = weights.mul(perSample).mean();
        return new Terms(loss, weights, corrected, inputs);
    }

    /** The meta nets' inputs at the θ that produced {@code logits}. */
    static MetaInputs metaInputs(NDArray logits, LabeledBatch batch) {
        return metaInputs(logits, logits.logSoftmax(1), batch);
    }

    private static MetaInputs metaInputs(NDArray logits, NDArray logProbabilities, LabeledBatch batch) {
        NDArray detachedLogits = logits.stopGradient();
        NDArray givenLoss = logProbabilities.mul(batch.oneHotLabels()).sum(new int[] {1}).neg().stopGradient();
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
