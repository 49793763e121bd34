package io.winnow.sama.hyper;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * The result of one hypergradient computation.
 *
 * @param lambdaGradient ∂L_meta/∂λ as the method approximates it, one array per λ parameter
 * @param metaLoss L_meta at the current θ
 */
public record MetaGradient(List<NDArray> lambdaGradient, double metaLoss) {}
