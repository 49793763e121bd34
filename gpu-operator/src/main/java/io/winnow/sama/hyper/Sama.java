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
        List<NDArray> v = first.theta();
        if (adaptation) {
            List<NDArray> jacobian = problem.updateJacobianDiagonal(manager);
            Tensors.mulInto(v, jacobian);
            Tensors.close(jacobian);
        }
        // Where the last base gradient is exactly 0 (embedding rows absent from the batch, dead units) θ
        // does not enter the base loss, so the mixed derivative is 0 there: dropping v there changes
        // nothing but ε, which a large D on such rows (Adam with √ŝ ≲ eps) would otherwise collapse.
        List<NDArray> support = problem.baseGradientSupport();
        if (support != null) {
            Tensors.mulInto(v, support);
        }
        double norm = Tensors.norm(v);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            // No direction to perturb along (the meta loss is flat in θ, or broken): no meta gradient
            // this step. Returning the direct term would let the meta optimizer move λ on stale momentum.
            Tensors.close(first.direct());
            Tensors.close(v);
            return MetaGradient.skipped(first.loss());
        }
        double epsilon = alpha / (norm + 1e-15);
        Tensors.scaleInto(v, epsilon); // v is ε·v from here on
        List<NDArray> plus;
        List<NDArray> minus;
        try (Perturbation perturbation = Perturbation.of(theta, manager)) {
            perturbation.moveTo(1, v);
            plus = lambdaGradientOfBaseLoss(problem, lambda, manager);
            perturbation.moveTo(-1, v);
            minus = lambdaGradientOfBaseLoss(problem, lambda, manager);
        }
        if (multitaskStep) {
            try (Autograd.GradModeScope ignored = Autograd.paused()) {
                Tensors.addScaledInto(theta.arrays(), -1, v);
            }
        }
        // direct + (g⁻ − g⁺) / 2ε, in place in g⁻.
        for (int i = 0; i < minus.size(); i++) {
            minus.get(i).subi(plus.get(i)).muli(1.0 / (2 * epsilon)).addi(first.direct().get(i));
        }
        Tensors.close(plus);
        Tensors.close(v);
        return new MetaGradient(minus, first.loss());
    }

    private static List<NDArray> lambdaGradientOfBaseLoss(
            BilevelProblem problem, List<NDArray> lambda, NDManager manager) {
        return Autograd.valueAndGradient(() -> problem.baseLoss(false), lambda, manager).gradient();
    }

    @Override
    public String toString() {
        return (adaptation ? "sama" : "sama-na") + "(alpha=" + alpha + (multitaskStep ? ", multitask" : "") + ")";
    }
}
