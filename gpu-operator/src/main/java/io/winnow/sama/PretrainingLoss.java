package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MaskedTokenModel;

/**
 * The base loss of continued pretraining with auxiliary reweighting (the paper's Section 4.2):
 * L_base = L_ft(finetuning batch) + mean_i w(ℓ_i; λ)·ℓ_i over the pretraining batch, where ℓ_i is
 * sample i's masked-token loss and the reweighting net reads it detached. Without a reweighting net
 * every weight is 1 (the multitask baseline).
 */
final class PretrainingLoss {

    private final Reweighter reweighter;
    private final boolean normalizeWeights;

    PretrainingLoss(Reweighter reweighter, boolean normalizeWeights) {
        this.reweighter = reweighter;
        this.normalizeWeights = normalizeWeights;
    }

    /** The batch loss, the per-sample weights and the detached per-sample masked-token losses. */
    record Terms(NDArray loss, NDArray weights, NDArray tokenLosses) {}

    /** ℓ [B]: each sample's mean cross-entropy over its masked positions. */
    static NDArray tokenLosses(MaskedTokenModel model, TokenMasking.MaskedTokens masked, Forward forward) {
        NDArray logits = model.tokenLogits(masked.input(), masked.positions(), forward);
        NDArray perPosition = CrossEntropy.perRow(logits, masked.targets());
        return masked.perSample().matMul(perPosition.expandDims(1)).squeeze(1);
    }

    /**
     * @param tokenLosses ℓ [B], recorded or not as the caller needs
     * @param finetuneLoss L_ft on the finetuning batch, or null when there is none (no labeled data
     *     yet, or a pass that only differentiates with respect to λ, which L_ft does not involve)
     * @param metaGraph whether to record the reweighting net for differentiation w.r.t. λ
     * @param frozenLosses detached losses to feed the reweighting net instead of {@code tokenLosses}, or null
     */
    Terms evaluate(NDArray tokenLosses, NDArray finetuneLoss, boolean metaGraph, NDArray frozenLosses) {
        NDArray detached = frozenLosses != null ? frozenLosses : tokenLosses.stopGradient();
        NDArray weights;
        try (Autograd.GradModeScope ignored = metaGraph ? Autograd.recording() : Autograd.paused()) {
            weights = reweighter == null ? detached.onesLike() : reweighter.weights(detached, null);
            if (reweighter != null && normalizeWeights) {
                weights = weights.div(weights.mean());
            }
        }
        NDArray loss = weights.mul(tokenLosses).mean();
        if (finetuneLoss != null) {
            loss = loss.add(finetuneLoss);
        }
        return new Terms(loss, weights, detached);
    }
}
