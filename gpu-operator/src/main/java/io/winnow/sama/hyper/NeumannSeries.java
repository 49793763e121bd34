package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * The Neumann-series baseline (Lorraine et al.): H⁻¹ ≈ a·Σ_{k=0..K} (I − aH)^k, applied to
 * g_θ = ∂L_meta/∂θ with exact Hessian-vector products (double backward), then
 * hypergradient = direct − a·∂(∂L_base/∂θ · p)/∂λ. With a = 1 and K = 1 this is the reference
 * implementation's setting; as K grows it converges to exact implicit differentiation when
 * a < 2/λ_max(H).
 */
public final class NeumannSeries implements Hypergradient {

    private final int terms;
    private final double scale;

    public NeumannSeries(int terms, double scale) {
        if (terms < 1 || !(scale > 0)) {
            throw new IllegalArgumentException("need terms >= 1 and scale > 0");
        }
        this.terms = terms;
        this.scale = scale;
    }

    @Override
    public MetaGradient metaGradient(BilevelProblem problem, NDManager manager) {
        List<NDArray> theta = problem.baseParameters().arrays();
        List<NDArray> lambda = problem.metaParameters().arrays();
        MetaLossGradient first = MetaLossGradient.of(problem, manager);
        // The scope closes the double-backward graph and every intermediate; only the result survives.
        try (NDScope scope = new NDScope();
                NDManager graphScope = manager.newSubManager();
                Autograd.GradModeScope ignored = Autograd.recording()) {
            DifferentiableGradient baseGradient =
                    DifferentiableGradient.of(problem.baseLoss(true), theta, graphScope);
            List<NDArray> term = first.theta();
            List<NDArray> sum = Tensors.duplicate(term, graphScope);
            for (int k = 0; k < terms; k++) {
                List<NDArray> curvature = baseGradient.vectorProduct(term, theta, graphScope);
                term = Tensors.addScaled(term, -scale, curvature);
                Tensors.addScaledInto(sum, 1.0, term);
            }
            List<NDArray> mixed = baseGradient.vectorProduct(sum, lambda, graphScope);
            List<NDArray> hypergradient = Tensors.addScaled(first.direct(), -scale, mixed);
            hypergradient.forEach(array -> {
                NDScope.unregister(array);
                array.attach(manager);
            });
            return new MetaGradient(hypergradient, first.loss());
        }
    }

    @Override
    public String toString() {
        return "neumann(terms=" + terms + ", scale=" + scale + ")";
    }
}
