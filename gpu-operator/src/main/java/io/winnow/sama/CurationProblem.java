package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.hyper.BilevelProblem;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.List;

/**
 * The bilevel problem of one meta step of data curation: the last base batch under the curation
 * loss, and the meta batch under plain cross-entropy with its (trusted) labels.
 */
final class CurationProblem implements BilevelProblem {

    private final BaseLearner learner;
    private final CurationLoss curationLoss;
    private final ParameterSet metaParameters;
    private final Optimizer baseOptimizer;
    private final LabeledBatch lastBatch;
    private final ModelInput metaInput;
    private final NDArray metaOneHot;
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
        this.learner = learner;
        this.curationLoss = curationLoss;
        this.metaParameters = metaParameters;
        this.baseOptimizer = baseOptimizer;
        this.lastBatch = lastBatch;
        this.metaInput = metaInput;
        this.metaOneHot = metaOneHot;
        this.frozenInputs = frozenInputs;
    }

    @Override
    public ParameterSet baseParameters() {
        return learner.parameters();
    }

    @Override
    public ParameterSet metaParameters() {
        return metaParameters;
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

    @Override
    public NDArray metaLoss() {
        return CrossEntropy.mean(learner.logits(metaInput, Forward.eval()), metaOneHot);
    }

    @Override
    public List<NDArray> updateJacobianDiagonal(NDManager manager) {
        return baseOptimizer.updateJacobianDiagonal(manager);
    }
}
