package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.hyper.BilevelProblem;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.List;

/**
 * What every meta step of the trainer shares, whatever its base loss: θ of the base learner, λ of
 * the meta nets, the base optimizer's update Jacobian, and the meta loss, plain cross-entropy of the
 * classifier (evaluation mode) on a meta batch of labeled samples.
 */
abstract class MetaBatchProblem implements BilevelProblem {

    private final BaseLearner learner;
    private final ParameterSet metaParameters;
    private final Optimizer baseOptimizer;
    private final ModelInput metaInput;
    private final NDArray metaOneHot;
    private final List<NDArray> gradientSupport;

    /** @param gradientSupport where the last base gradient was non-zero (masks shaped like θ), or null */
    MetaBatchProblem(BaseLearner learner, ParameterSet metaParameters, Optimizer baseOptimizer, ModelInput metaInput,
            NDArray metaOneHot, List<NDArray> gradientSupport) {
        this.learner = learner;
        this.metaParameters = metaParameters;
        this.baseOptimizer = baseOptimizer;
        this.metaInput = metaInput;
        this.metaOneHot = metaOneHot;
        this.gradientSupport = gradientSupport;
    }

    @Override
    public final List<NDArray> baseGradientSupport() {
        return gradientSupport;
    }

    @Override
    public final ParameterSet baseParameters() {
        return learner.parameters();
    }

    @Override
    public final ParameterSet metaParameters() {
        return metaParameters;
    }

    @Override
    public final NDArray metaLoss() {
        return CrossEntropy.mean(learner.logits(metaInput, Forward.eval()), metaOneHot);
    }

    @Override
    public final List<NDArray> updateJacobianDiagonal(NDManager manager) {
        return baseOptimizer.updateJacobianDiagonal(manager);
    }
}
