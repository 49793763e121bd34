package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MaskedTokenModel;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.List;

/**
 * The bilevel problem of one continued-pretraining meta step: the last base step's loss (finetuning
 * term plus weighted masked-token term) and the downstream loss on a meta batch of labeled samples.
 */
final class PretrainingProblem extends MetaBatchProblem {

    private final MaskedTokenModel learner;
    private final PretrainingLoss pretrainingLoss;
    private final PretrainingBatch lastBatch;
    private final NDArray frozenLosses;

    /**
     * Call with θ at the point the meta step is taken (after the base update).
     *
     * @param freezeInputs hold the reweighting net's input, the detached masked-token losses, at
     *     their values at the current θ (the centre of θ±); false recomputes them at θ±
     * @param gradientSupport see {@link MetaBatchProblem}
     */
    PretrainingProblem(MaskedTokenModel learner, PretrainingLoss pretrainingLoss, ParameterSet metaParameters,
            Optimizer baseOptimizer, PretrainingBatch lastBatch, ModelInput metaInput, NDArray metaOneHot,
            boolean freezeInputs, List<NDArray> gradientSupport) {
        super(learner, metaParameters, baseOptimizer, metaInput, metaOneHot, gradientSupport);
        this.learner = learner;
        this.pretrainingLoss = pretrainingLoss;
        this.lastBatch = lastBatch;
        this.frozenLosses = freezeInputs ? lossesAtCurrentTheta() : null;
    }

    /** One plain forward with the base step's masks. */
    private NDArray lossesAtCurrentTheta() {
        try (Autograd.GradModeScope ignored = Autograd.paused()) {
            return PretrainingLoss.tokenLosses(learner, lastBatch.masked(), lastBatch.pretrainingPass().replay());
        }
    }

    @Override
    public NDArray baseLoss(boolean thetaGraph) {
        Forward pass = lastBatch.pretrainingPass().replay();
        NDArray tokenLosses;
        if (thetaGraph) {
            tokenLosses = PretrainingLoss.tokenLosses(learner, lastBatch.masked(), pass);
        } else {
            try (Autograd.GradModeScope ignored = Autograd.paused()) {
                tokenLosses = PretrainingLoss.tokenLosses(learner, lastBatch.masked(), pass);
            }
        }
        // L_ft does not involve λ: a pass that only differentiates with respect to λ can leave it out.
        NDArray finetuneLoss = thetaGraph && lastBatch.hasFinetuneBatch()
                ? CrossEntropy.mean(learner.logits(lastBatch.finetuneInput(), lastBatch.finetunePass().replay()),
                        lastBatch.finetuneOneHot())
                : null;
        return pretrainingLoss.evaluate(tokenLosses, finetuneLoss, true, frozenLosses).loss();
    }
}
