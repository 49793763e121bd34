package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Perturbation;
import io.winnow.sama.autograd.Tensors;

import java.util.List;

/**
 * SAMA: the base Jacobian is approximated by the identity, the base optimizer's update Jacobian D
 * adapts the meta gradient to the optimizer actually used, and the remaining mixed second
 * derivative is a central difference of first-order gradients:
 * v = D ⊙ ∂L_meta/∂θ, ε = α/‖v‖, hypergradient = direct + (∂L_base/∂λ(θ−εv) − ∂L_base/∂λ(θ+εv)) / (2ε).
 * No Hessian-vector product and no θ graph in the perturbed passes; memory stays first-order.
 */
public final class Sama implements Hypergradient {

    private final double alpha;
    private final boolean adaptation;
    private final boolean multitaskStep;

    /**
     * @param alpha the perturbation size α (1.0 in the paper's finetuning, 0.3 in continued
     *     pretraining, 0.01 for SAMA-NA)
     * @param adaptation false for SAMA-NA (D = 1)
     * @param multitaskStep the reference's "multitask" option: after restoring θ, also step it by
     *     −εv, i.e. use the meta loss's gradient in base training; off by default
     */
    public Sama(double alpha, boolean adaptation, boolean multitaskStep) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite: " + alpha);
        }
        this.alpha = alpha;
        this.adaptation = adaptation;
        this.multitaskStep = multitaskStep;
    }

    public static Sama withAdaptation(double alpha) {
        return new Sama(alpha, true, false);
    }

    public static Sama withoutAdaptation(double alpha) {
        return new Sama(alpha, false, false);
    }

    @Override
    public MetaGradient metaGradient(BilevelProblem problem, NDManager manager) {
        ParameterSet theta = problem.baseParameters();
        List<NDArray> lambda = problem.metaParameters().arrays();
        MetaLossGradient first = MetaLossGradient.of(problem, manager);
        List<NDArray> v = adaptation
                ? Tensors.mul(problem.updateJacobianDiagonal(manager), first.theta())
                : first.theta();
        double norm = Tensors.norm(v);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            // Nothing to perturb along: the meta loss is flat in θ (or broken); only the direct term remains.
            return new MetaGradient(first.direct(), first.loss());
        }
        double epsilon = alpha / (norm + 1e-15);
        List<NDArray> plus;
        List<NDArray> minus;
        try (Perturbation perturbation = Perturbation.of(theta, manager)) {
            perturbation.moveTo(epsilon, v);
            plus = lambdaGradientOfBaseLoss(problem, lambda, manager);
            perturbation.moveTo(-epsilon, v);
            minus = lambdaGradientOfBaseLoss(problem, lambda, manager);
        }
        if (multitaskStep) {
            try (Autograd.GradModeScope ignored = Autograd.paused()) {
                Tensors.addScaledInto(theta.arrays(), -epsilon, v);
            }
        }
        List<NDArray> difference = Tensors.sub(minus, plus);
        List<NDArray> hypergradient = Tensors.addScaled(first.direct(), 1.0 / (2 * epsilon), difference);
        for (NDArray array : hypergradient) {
            array.attach(manager);
        }
        return new MetaGradient(hypergradient, first.loss());
    }

    private static List<NDArray> lambdaGradientOfBaseLoss(
            BilevelProblem problem, List<NDArray> lambda, NDManager manager) {
        try (Autograd.GradModeScope ignored = Autograd.recording()) {
            return Autograd.gradient(problem.baseLoss(false), lambda, manager);
        }
    }

    @Override
    public String toString() {
        return (adaptation ? "sama" : "sama-na") + "(alpha=" + alpha + (multitaskStep ? ", multitask" : "") + ")";
    }
}
