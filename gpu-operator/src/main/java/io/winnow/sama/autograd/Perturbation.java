package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * A scope that saves θ, moves it to θ ± εv, and puts the saved values back bit for bit when it
 * closes. Restoring by arithmetic (adding εv back) drifts in float32, and the reference
 * implementation once shipped a restore that did nothing; copying the saved arrays back avoids both.
 *
 * <pre>{@code
 * try (Perturbation p = Perturbation.of(theta, manager)) {
 *     p.moveTo(+eps, v); ... // θ = θ₀ + εv
 *     p.moveTo(-eps, v); ... // θ = θ₀ − εv
 * } // θ = θ₀ exactly
 * }</pre>
 */
public final class Perturbation implements AutoCloseable {

    private final ParameterSet parameters;
    private final List<NDArray> saved;

    private Perturbation(ParameterSet parameters, NDManager manager) {
        this.parameters = parameters;
        this.saved = Tensors.duplicate(parameters.arrays(), manager);
    }

    public static Perturbation of(ParameterSet parameters, NDManager manager) {
        return new Perturbation(parameters, manager);
    }

    /**
     * Sets θ = θ₀ + scale · direction, always measured from the saved θ₀. With a scale of ±1 (a
     * direction already scaled by the caller) no temporary arrays are needed.
     */
    public void moveTo(double scale, List<NDArray> direction) {
        try (Autograd.GradModeScope ignored = Autograd.paused()) {
            List<NDArray> targets = parameters.arrays();
            if (direction.size() != targets.size()) {
                throw new IllegalArgumentException("direction does not match the parameters");
            }
            for (int i = 0; i < targets.size(); i++) {
                NDArray target = targets.get(i);
                Tensors.copyInto(saved.get(i), target);
                if (scale == 1) {
                    target.addi(direction.get(i));
                } else if (scale == -1) {
                    target.subi(direction.get(i));
                } else {
                    try (NDArray step = direction.get(i).mul(scale)) {
                        target.addi(step);
                    }
                }
            }
        }
    }

    /** The saved θ₀ (owned by this scope). */
    public List<NDArray> original() {
        return saved;
    }

    @Override
    public void close() {
        try (Autograd.GradModeScope ignored = Autograd.paused()) {
            parameters.assign(saved);
        }
        Tensors.close(saved);
    }
}
