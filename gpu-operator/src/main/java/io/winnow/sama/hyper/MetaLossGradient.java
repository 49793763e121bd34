package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.Autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 1 of every meta step: the first-order gradients of L_meta with respect to θ (g_θ) and to λ
 * (the direct term, zero when L_meta does not involve λ).
 */
record MetaLossGradient(List<NDArray> theta, List<NDArray> direct, double loss) {

    static MetaLossGradient of(BilevelProblem problem, NDManager manager) {
        List<NDArray> thetaArrays = problem.baseParameters().arrays();
        List<NDArray> wrt = new ArrayList<>(thetaArrays);
        wrt.addAll(problem.metaParameters().arrays());
        Autograd.ValueAndGradient meta = Autograd.valueAndGradient(problem::metaLoss, wrt, manager);
        List<NDArray> gradients = meta.gradient();
        return new MetaLossGradient(
                gradients.subList(0, thetaArrays.size()),
                gradients.subList(thetaArrays.size(), gradients.size()),
                meta.value());
    }
}
