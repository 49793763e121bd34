package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * The conjugate-gradient baseline (iMAML): K steps of CG from x = 0 on H·x = g_θ with exact
 * Hessian-vector products, then hypergradient = direct − ∂(∂L_base/∂θ · x)/∂λ. CG stops early when
 * the residual vanishes or the curvature along a search direction is not positive (H is not
 * positive definite away from a minimum).
 */
public final class ConjugateGradient implements Hypergradient {

    private final int steps;

    public ConjugateGradient(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one conjugate-gradient step");
        }
        this.steps = steps;
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
            List<NDArray> solution = Tensors.zerosLike(first.theta(), graphScope);
            List<NDArray> residual = Tensors.duplicate(first.theta(), graphScope);
            List<NDArray> direction = Tensors.duplicate(first.theta(), graphScope);
            double residualNorm = Tensors.dot(residual, residual);
            double initialNorm = residualNorm;
            for (int k = 0; k < steps && residualNorm > 1e-30 * Math.max(1.0, initialNorm); k++) {
                List<NDArray> curvature = baseGradient.vectorProduct(direction, theta, graphScope);
                double directionalCurvature = Tensors.dot(direction, curvature);
                if (!(directionalCurvature > 0)) {
                    break;
                }
                double step = residualNorm / directionalCurvature;
                Tensors.addScaledInto(solution, step, direction);
                Tensors.addScaledInto(residual, -step, curvature);
                double nextNorm = Tensors.dot(residual, residual);
                direction = Tensors.addScaled(residual, nextNorm / residualNorm, direction);
                residualNorm = nextNorm;
            }
            List<NDArray> mixed = baseGradient.vectorProduct(solution, lambda, graphScope);
            List<NDArray> hypergradient = Tensors.sub(first.direct(), mixed);
            hypergradient.forEach(array -> {
                NDScope.unregister(array);
                array.attach(manager);
            });
            return new MetaGradient(hypergradient, first.loss());
        }
    }

    @Override
    public String toString() {
        return "conjugate-gradient(steps=" + steps + ")";
    }
}
