package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.SplitMix64;

/**
 * How a forward pass runs: evaluation (no dropout) or training with dropout masks drawn from a
 * seed. Two training passes with the same seed draw the same masks in the same order, which is
 * what the θ+ and θ− passes of a SAMA meta step need.
 */
public final class Forward {

    private final boolean training;
    private final long seed;
    private final SplitMix64 masks;

    private Forward(boolean training, long seed) {
        this.training = training;
        this.seed = seed;
        this.masks = new SplitMix64(seed);
    }

    public static Forward eval() {
        return new Forward(false, 0);
    }

    public static Forward train(long dropoutSeed) {
        return new Forward(true, dropoutSeed);
    }

    public boolean isTraining() {
        return training;
    }

    /** The seed the dropout masks of this pass derive from. */
    public long seed() {
        return seed;
    }

    /** Inverted dropout: zeroes each element with probability {@code rate}, scales the rest by 1/(1−rate). */
    public NDArray dropout(NDArray input, double rate) {
        if (!training || rate == 0) {
            return input;
        }
        double keep = 1.0 / (1.0 - rate);
        try (NDArray mask = Layers.fill(input.getManager(), input.getShape(), input.getDataType(),
                () -> masks.nextDouble() < rate ? 0.0 : keep)) {
            return input.mul(mask);
        }
    }
}
