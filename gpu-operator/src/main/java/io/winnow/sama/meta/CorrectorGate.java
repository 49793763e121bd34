package io.winnow.sama.meta;

/** How the label-correction net's gate z becomes the share t of the move towards its belief. */
public enum CorrectorGate {
    /**
     * t = clamp(z, 0, 1) with a straight-through gradient; z starts at 0, so c = y exactly at the
     * start. z is unbounded: a consistent push to keep labels drives it far below 0, from where the
     * gate takes as long to reopen.
     */
    STRAIGHT_THROUGH_CLAMP,
    /**
     * t = σ(z) with z starting at {@link LabelCorrector#SIGMOID_GATE_START} (t ≈ 0.018): bounded,
     * smooth, and always differentiable; c starts within 2% of y.
     */
    SIGMOID
}
