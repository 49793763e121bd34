package io.winnow.sama.random;

/**
 * The trainer's only source of randomness: a SplitMix64 generator whose whole state is one long, so
 * it serialises into trainer state and a restored trainer draws exactly the numbers the original
 * would have drawn. PyTorch's global generator is shared by every thread of the JVM and cannot be
 * saved through DJL, so it is never used for anything that must be reproducible. Written by hand
 * rather than taken from the JDK: {@code java.util.SplittableRandom} (the same algorithm) hides its
 * state, so it cannot be written into a checkpoint and restored, and the {@code RandomGenerator}
 * implementations of {@code jdk.random} do not expose theirs either.
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long state() {
        return state;
    }

    public void restore(long savedState) {
        this.state = savedState;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Standard normal by Box-Muller; uses two draws and keeps no cached spare, so state stays one long. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** An independent generator for a sub-stream (e.g. one dropout mask), leaving this one advanced by one draw. */
    public SplitMix64 split() {
        return new SplitMix64(nextLong());
    }
}
