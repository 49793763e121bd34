package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.random.SplitMix64;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How a forward pass runs: evaluation (no dropout) or training with dropout masks drawn from a
 * seed. A training pass records its masks; {@link #replay()} gives a pass that reuses them in the
 * same order, which is what the θ+ and θ− passes of a SAMA meta step need (same random state as
 * the base step, without drawing the masks again).
 */
public final class Forward {

    /** Reused per thread: a mask is copied into tensor memory right after it is drawn. */
    private static final ThreadLocal<ByteBuffer> MASK_BUFFER = new ThreadLocal<>();

    private final boolean training;
    private final long seed;
    private final SplitMix64 masks;
    private final List<NDArray> recorded;
    private final Iterator<NDArray> replayed;

    private Forward(boolean training, long seed, List<NDArray> recorded, Iterator<NDArray> replayed) {
        this.training = training;
        this.seed = seed;
        this.masks = new SplitMix64(seed);
        this.recorded = recorded;
        this.replayed = replayed;
    }

    public static Forward eval() {
        return new Forward(false, 0, new ArrayList<>(), null);
    }

    public static Forward train(long dropoutSeed) {
        return new Forward(true, dropoutSeed, new ArrayList<>(), null);
    }

    /** A training pass that applies this pass's masks again, in the order they were drawn. */
    public Forward replay() {
        return new Forward(training, seed, recorded, recorded.iterator());
    }

    /** The masks this pass drew (empty for evaluation and for replays' own draws). */
    public List<NDArray> recordedMasks() {
        return java.util.Collections.unmodifiableList(recorded);
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
        NDArray mask;
        if (replayed != null) {
            if (!replayed.hasNext()) {
                throw new IllegalStateException("replayed pass asks for more dropout masks than the original drew");
            }
            mask = replayed.next();
            if (!mask.getShape().equals(input.getShape())) {
                throw new IllegalStateException("replayed mask " + mask.getShape() + " does not fit " + input.getShape());
            }
        } else {
            mask = bernoulliMask(input.getManager(), input.getShape(), input.getDataType(), rate);
            recorded.add(mask);
        }
        return input.mul(mask);
    }

    /** Keep-masks with values 0 and 1/(1−rate), from 16-bit uniforms (four per draw of the generator). */
    private NDArray bernoulliMask(NDManager manager, Shape shape, DataType dataType, double rate) {
        int size = Math.toIntExact(shape.size());
        boolean wide = dataType == DataType.FLOAT64;
        int bytes = size * (wide ? 8 : 4);
        ByteBuffer buffer = MASK_BUFFER.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(ByteOrder.nativeOrder());
            MASK_BUFFER.set(buffer);
        }
        buffer.clear();
        int threshold = (int) Math.round(rate * 65536);
        double keep = 1.0 / (1.0 - rate);
        long bits = 0;
        for (int i = 0; i < size; i++) {
            if ((i & 3) == 0) {
                bits = masks.nextLong();
            }
            boolean dropped = (int) (bits & 0xFFFF) < threshold;
            bits >>>= 16;
            if (wide) {
                buffer.putDouble(dropped ? 0.0 : keep);
            } else {
                buffer.putFloat(dropped ? 0f : (float) keep);
            }
        }
        buffer.flip();
        // The array borrows the buffer; its copy owns its memory, so the buffer can be reused at once.
        try (NDArray borrowed = manager.create(buffer, shape, dataType)) {
            return borrowed.duplicate();
        }
    }
}
