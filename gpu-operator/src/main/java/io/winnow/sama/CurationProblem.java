package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.List;

/**
 * The bilevel problem of one meta step of data curation: the last base batch under the curation
 * loss, and the meta batch under plain cross-entropy with its (trusted) labels.
 */
final class CurationProblem extends MetaBatchProblem {

    private final BaseLearner learner;
    private final CurationLoss curationLoss;
    private final LabeledBatch lastBatch;
    private final CurationLoss.MetaInputs frozenInputs;

    /**
     * Call with θ at the point the meta step is taken (after the base update).
     *
     * @param freezeInputs hold the meta nets' inputs fixed at their values at the current θ
     *     (θ_{t+1}, the centre of θ±) while λ's gradient is taken at θ±: the base step feeds the
     *     meta nets detached values, so this is the hypergradient exact implicit differentiation
     *     computes; false recomputes them at θ+ and θ− as the reference implementation does
     * @param gradientSupport see {@link MetaBatchProblem}
     */
    CurationProblem(BaseLearner learner, CurationLoss curationLoss, ParameterSet metaParameters,
            Optimizer baseOptimizer, LabeledBatch lastBatch, ModelInput metaInput, NDArray metaOneHot,
            boolean freezeInputs, List<NDArray> gradientSupport) {
        super(learner, metaParameters, baseOptimizer, metaInput, metaOneHot, gradientSupport);
        this.learner = learner;
        this.curationLoss = curationLoss;
        this.lastBatch = lastBatch;
        this.frozenInputs = freezeInputs ? inputsAtCurrentTheta() : null;
    }

    /** One plain forward with the base step's dropout masks. */
    private CurationLoss.MetaInputs inputsAtCurrentTheta() {
        try (Autograd.GradModeScope ignored = Autograd.paused()) {
            return CurationLoss.metaInputs(learner.logits(lastBatch.input(), lastBatch.trainingPass().replay()), lastBatch);
        }
    }

    @Override
    public NDArray baseLoss(boolean thetaGraph) {
        // The base step's dropout masks again, so θ+ and θ− see the same random state.
        Forward forward = lastBatch.trainingPass().replay();
        NDArray logits;
        if (thetaGraph) {
            logits = learner.logits(lastBatch.input(), forward);
        } else {
            try (Autograd.GradModeScope ignored = Autograd.paused()) {
                logits = learner.logits(lastBatch.input(), forward);
            }
        }
        return curationLoss.evaluate(logits, lastBatch, true, frozenInputs).loss();
    }
}
