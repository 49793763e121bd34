package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * The Neumann-series baseline (Lorraine et al.): H⁻¹ ≈ a·Σ_{k=0..K} (I − aH)^k, applied to
 * g_θ = ∂L_meta/∂θ with exact Hessian-vector products (double backward). With a = 1 and K = 1 this
 * is the reference implementation's setting; as K grows it converges to exact implicit
 * differentiation when a < 2/λ_max(H).
 */
public final class NeumannSeries extends ImplicitHypergradient {

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
    List<NDArray> inverseHessianProduct(DifferentiableGradient baseGradient, List<NDArray> g, List<NDArray> theta,
            NDManager scope) {
        List<NDArray> term = g;
        List<NDArray> sum = Tensors.duplicate(term, scope);
        for (int k = 0; k < terms; k++) {
            List<NDArray> curvature = baseGradient.vectorProduct(term, theta, scope);
            term = Tensors.addScaled(term, -scale, curvature);
            Tensors.addScaledInto(sum, 1.0, term);
        }
        Tensors.scaleInto(sum, scale);
        return sum;
    }

    @Override
    public String toString() {
        return "neumann(terms=" + terms + ", scale=" + scale + ")";
    }
}
