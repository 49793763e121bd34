package io.winnow.sama.hyper;

import ai.djl.ndarray.NDManager;

/**
 * A way to compute the meta gradient ∂L_meta(θ*(λ))/∂λ. Implementations: {@link Sama} (with or
 * without algorithmic adaptation), {@link NeumannSeries} and {@link ConjugateGradient}. (Plain
 * finetuning is no hypergradient: a trainer configured with it takes no meta steps.) Every implementation leaves θ bit-identical to how it found it, unless
 * it documents an option that says otherwise.
 */
public interface Hypergradient {

    /** Computes the meta gradient; arrays are created in {@code manager}. Call with grad mode off. */
    MetaGradient metaGradient(BilevelProblem problem, NDManager manager);
}
