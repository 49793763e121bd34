package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

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
     * @param frozenInputs the meta nets' inputs from the base step, held fixed at θ± (the meta
     *     nets read the base model through detached values, so this is the same hypergradient that
     *     exact implicit differentiation computes); null to recompute them at θ± as the reference
     *     implementation does
     */
    CurationProblem(BaseLearner learner, CurationLoss curationLoss, ParameterSet metaParameters,
            Optimizer baseOptimizer, LabeledBatch lastBatch, ModelInput metaInput, NDArray metaOneHot,
            CurationLoss.MetaInputs frozenInputs) {
        super(learner, metaParameters, baseOptimizer, metaInput, metaOneHot);
        this.learner = learner;
        this.curationLoss = curationLoss;
        this.lastBatch = lastBatch;
        this.frozenInputs = frozenInputs;
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
