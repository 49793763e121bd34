package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * The result of one hypergradient computation.
 *
 * @param lambdaGradient ∂L_meta/∂λ as the method approximates it, one array per λ parameter; empty
 *     when the step was skipped
 * @param metaLoss L_meta at the current θ
 * @param usable false when the method could not compute a meta gradient (e.g. SAMA with a zero or
 *     non-finite perturbation direction): the meta optimizer must not step on it
 */
public record MetaGradient(List<NDArray> lambdaGradient, double metaLoss, boolean usable) {

    public MetaGradient(List<NDArray> lambdaGradient, double metaLoss) {
        this(lambdaGradient, metaLoss, true);
    }

    /** No meta gradient this step; the meta loss is still reported. */
    public static MetaGradient skipped(double metaLoss) {
        return new MetaGradient(List.of(), metaLoss, false);
    }
}
