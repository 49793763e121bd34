package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.ParameterSet;

import java.util.List;

/**
 * What a hypergradient method needs to know about one meta step: θ and λ, the base loss on the last
 * base batch, the meta loss on the meta batch, and the base optimizer's update Jacobian.
 * Implementations must evaluate {@link #baseLoss} with the same random state every time it is
 * called during one meta step (same dropout masks for θ+ and θ−) and must not update running
 * statistics.
 */
public interface BilevelProblem {

    /** θ: the base learner's parameters. */
    ParameterSet baseParameters();

    /** λ: the meta learners' parameters. */
    ParameterSet metaParameters();

    /**
     * L_base(θ, λ) on the last base batch, at the current value of θ.
     *
     * @param thetaGraph false when only ∂/∂λ will be taken: the base model may then run without
     *     recording θ's graph (SAMA's θ± passes need no autograd graph for θ)
     */
    NDArray baseLoss(boolean thetaGraph);

    /** L_meta(θ, λ) on the meta batch; usually independent of λ. */
    NDArray metaLoss();

    /** diag(∂u/∂g) of the base optimizer's last update, shaped like θ. */
    List<NDArray> updateJacobianDiagonal(NDManager manager);

    /**
     * Masks shaped like θ, 1 where the base loss's last gradient (before weight decay) was non-zero
     * and 0 where it was exactly 0; null when unknown. Where it is 0, θ does not enter the last base
     * batch's loss, so perturbing θ there cannot change ∂L_base/∂λ.
     */
    default List<NDArray> baseGradientSupport() {
        return null;
    }
}
