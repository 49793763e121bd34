package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * Implicit differentiation with exact second derivatives: hypergradient = direct − ∂(∂L_base/∂θ · x)/∂λ
 * with x ≈ H⁻¹ g_θ, where subclasses say how x is approximated from Hessian-vector products.
 */
abstract class ImplicitHypergradient implements Hypergradient {

    /**
     * x ≈ H⁻¹·g with H the base Hessian, from products with {@code baseGradient}.
     *
     * @param g ∂L_meta/∂θ (may be modified)
     */
    abstract List<NDArray> inverseHessianProduct(DifferentiableGradient baseGradient, List<NDArray> g,
            List<NDArray> theta, NDManager scope);

    @Override
    public final MetaGradient metaGradient(BilevelProblem problem, NDManager manager) {
        List<NDArray> theta = problem.baseParameters().arrays();
        List<NDArray> lambda = problem.metaParameters().arrays();
        MetaLossGradient first = MetaLossGradient.of(problem, manager);
        // The scope closes the double-backward graph and every intermediate; only the result survives.
        try (NDScope scope = new NDScope();
                NDManager graphScope = manager.newSubManager();
                Autograd.GradModeScope ignored = Autograd.recording()) {
            DifferentiableGradient baseGradient = DifferentiableGradient.of(problem.baseLoss(true), theta, graphScope);
            List<NDArray> x = inverseHessianProduct(baseGradient, first.theta(), theta, graphScope);
            List<NDArray> mixed = baseGradient.vectorProduct(x, lambda, graphScope);
            List<NDArray> hypergradient = Tensors.sub(first.direct(), mixed);
            hypergradient.forEach(array -> {
                NDScope.unregister(array);
                array.attach(manager);
            });
            return new MetaGradient(hypergradient, first.loss());
        }
    }
}
