package io.winnow.sama.hyper;

/**
 * Which hypergradient method to use, with its settings.
 *
 * @param method FINETUNE, SAMA, SAMA_NA, NEUMANN or CONJUGATE_GRADIENT
 * @param alpha SAMA's perturbation size (1.0 for SAMA, 0.01 for SAMA-NA in the paper)
 * @param iterations Neumann terms / conjugate-gradient steps
 * @param neumannScale the step a of the Neumann series Σ (I − aH)^k; it must be below 2/λ_max(H)
 * @param multitaskStep SAMA's "also step θ by −εv" option
 */
public record HypergradientSpec(Method method, double alpha, int iterations, double neumannScale, boolean multitaskStep)
        implements java.io.Serializable {

    public enum Method { FINETUNE, SAMA, SAMA_NA, NEUMANN, CONJUGATE_GRADIENT }

    public HypergradientSpec {
        if (!(alpha > 0) || iterations < 1 || !(neumannScale > 0)) {
            throw new IllegalArgumentException(
                    "need alpha > 0, iterations >= 1 and neumannScale > 0, got " + alpha + ", " + iterations + ", " + neumannScale);
        }
    }

    /** The method with the paper's defaults (α = 1 for SAMA, 0.01 for SAMA-NA; K = 1, a = 1 for Neumann). */
    public static HypergradientSpec of(Method method) {
        return switch (method) {
            case SAMA_NA -> new HypergradientSpec(method, 0.01, 1, 1.0, false);
            case CONJUGATE_GRADIENT -> new HypergradientSpec(method, 1.0, 3, 1.0, false);
            default -> new HypergradientSpec(method, 1.0, 1, 1.0, false);
        };
    }

    public HypergradientSpec withAlpha(double newAlpha) {
        return new HypergradientSpec(method, newAlpha, iterations, neumannScale, multitaskStep);
    }

    public HypergradientSpec withIterations(int newIterations) {
        return new HypergradientSpec(method, alpha, newIterations, neumannScale, multitaskStep);
    }

    public HypergradientSpec withNeumannScale(double newScale) {
        return new HypergradientSpec(method, alpha, iterations, newScale, multitaskStep);
    }

    public HypergradientSpec withMultitaskStep(boolean enabled) {
        return new HypergradientSpec(method, alpha, iterations, neumannScale, enabled);
    }

    /**
     * The meta-gradient method. Plain finetuning has none: a trainer configured with it takes no meta
     * steps and never asks.
     */
    public Hypergradient create() {
        return switch (method) {
            case FINETUNE -> throw new IllegalStateException("finetune takes no meta steps: it has no hypergradient");
            case SAMA -> new Sama(alpha, true, multitaskStep);
            case SAMA_NA -> new Sama(alpha, false, multitaskStep);
            case NEUMANN -> new NeumannSeries(iterations, neumannScale);
            case CONJUGATE_GRADIENT -> new ConjugateGradient(iterations);
        };
    }
}
