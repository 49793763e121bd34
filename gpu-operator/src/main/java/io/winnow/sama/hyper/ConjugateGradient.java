package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * The conjugate-gradient baseline (iMAML): K steps of CG from x = 0 on H·x = g_θ with exact
 * Hessian-vector products. CG stops early when the residual vanishes or the curvature along a
 * search direction is not positive (H is not positive definite away from a minimum).
 */
public final class ConjugateGradient extends ImplicitHypergradient {

    private final int steps;

    public ConjugateGradient(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one conjugate-gradient step");
        }
        this.steps = steps;
    }

    @Override
    List<NDArray> inverseHessianProduct(DifferentiableGradient baseGradient, List<NDArray> g, List<NDArray> theta,
            NDManager scope) {
        List<NDArray> solution = Tensors.zerosLike(g, scope);
        List<NDArray> residual = Tensors.duplicate(g, scope);
        List<NDArray> direction = Tensors.duplicate(g, scope);
        double residualNorm = Tensors.dot(residual, residual);
        double initialNorm = residualNorm;
        for (int k = 0; k < steps && residualNorm > 1e-30 * Math.max(1.0, initialNorm); k++) {
            List<NDArray> curvature = baseGradient.vectorProduct(direction, theta, scope);
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
        return solution;
    }

    @Override
    public String toString() {
        return "conjugate-gradient(steps=" + steps + ")";
    }
}
