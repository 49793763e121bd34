package io.winnow.sama;

import ai.djl.ndarray.NDArray;

/** Cross-entropy against (soft or one-hot) target distributions. */
final class CrossEntropy {

    private CrossEntropy() {}

    /** −Σ_k t_k log softmax(z)_k per row: [N, K] logits and targets → [N]. */
    static NDArray perRow(NDArray logits, NDArray targets) {
        return fromLogProbabilities(logits.logSoftmax(1), targets);
    }

    /** −Σ_k t_k log p_k per row, from log-probabilities: [N, K] and targets → [N]. */
    static NDArray fromLogProbabilities(NDArray logProbabilities, NDArray targets) {
        return logProbabilities.mul(targets).sum(new int[] {1}).neg();
    }

    /** The mean of {@link #perRow}. */
    static NDArray mean(NDArray logits, NDArray targets) {
        return perRow(logits, targets).mean();
    }
}
