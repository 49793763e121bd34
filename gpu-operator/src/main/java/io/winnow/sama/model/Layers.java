package io.winnow.sama.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.winnow.sama.random.SplitMix64;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.DoubleSupplier;

/**
 * Functional layers over explicit parameter arrays. Models call these with their θ so that the
 * same code serves training, the EMA copy and the perturbed θ± passes.
 */
public final class Layers {

    private Layers() {}

    /** x·Wᵀ + b with W shaped [out, in], over the last axis of x. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        Shape normalized = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return LayerNorm.layerNorm(x, normalized, gamma, beta, 1e-5f).singletonOrThrow();
    }

    /** Mean over the token axis of h [B, T, E], counting only positions where mask [B, T] is 1. */
    public static NDArray maskedMean(NDArray h, NDArray mask) {
        NDArray expanded = mask.expandDims(2);
        NDArray summed = h.mul(expanded).sum(new int[] {1});
        NDArray counts = mask.sum(new int[] {1}, true).maximum(1.0);
        return summed.div(counts);
    }

    /** U(−bound, bound) drawn from the trainer's generator (PyTorch's default Linear init uses 1/√fanIn). */
    public static NDArray uniform(
            NDManager manager, SplitMix64 rng, Shape shape, double bound, DataType dataType) {
        return fill(manager, shape, dataType, () -> (2 * rng.nextDouble() - 1) * bound);
    }

    /** N(0, std²) from the trainer's generator. */
    public static NDArray normal(NDManager manager, SplitMix64 rng, Shape shape, double std, DataType dataType) {
        return fill(manager, shape, dataType, () -> rng.nextGaussian() * std);
    }

    /**
     * An array filled element by element from a Java source, on the manager's device. Values come
     * from our own generator rather than PyTorch's JVM-wide one, so they are reproducible per trainer.
     * The result owns its memory: an array created from a direct buffer only borrows the buffer, and
     * autograd may keep using it (a dropout mask saved for backward) after its wrapper is closed.
     */
    public static NDArray fill(NDManager manager, Shape shape, DataType dataType, DoubleSupplier values) {
        int size = Math.toIntExact(shape.size());
        boolean wide = dataType == DataType.FLOAT64;
        if (!wide && dataType != DataType.FLOAT32) {
            throw new IllegalArgumentException("floating point arrays only, not " + dataType);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(size * (wide ? 8 : 4)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < size; i++) {
            double value = values.getAsDouble();
            if (wide) {
                buffer.putDouble(value);
            } else {
                buffer.putFloat((float) value);
            }
        }
        buffer.rewind();
        try (NDArray borrowed = manager.create(buffer, shape, dataType)) {
            return borrowed.duplicate();
        }
    }
}
