package io.winnow.sama.autograd;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a Java number that is safe inside a recorded graph. DJL's {@code x.mul(2.0)}
 * wraps the number in a tensor that borrows a Java buffer and closes it right after the op, but
 * autograd keeps that tensor for the backward pass (d(x·c)/dx = c): after a garbage collection the
 * gradient reads freed memory. Here the number becomes a tensor that owns its memory.
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-dimensional tensor holding {@code value}, with {@code like}'s type and device, owning its memory. */
    public static NDArray owned(NDArray like, double value) {
        try (NDArray borrowed = like.getManager().create(value)) {
            if (borrowed.getDataType() == like.getDataType()) {
                // A native clone. toType(sameType, true) is not one: libtorch's to() returns the tensor
                // itself, so the "copy" would still borrow the Java buffer (float64 problems read freed
                // memory after a GC: Neumann and CG meta gradients on BiasedRegression, 2026-12-03).
                return borrowed.duplicate();
            }
            return borrowed.toType(like.getDataType(), false); // a conversion allocates natively
        }
    }

    public static NDArray mul(NDArray x, double factor) {
        try (NDArray scalar = owned(x, factor)) {
            return x.mul(scalar);
        }
    }

    public static NDArray div(NDArray x, double divisor) {
        try (NDArray scalar = owned(x, divisor)) {
            return x.div(scalar);
        }
    }

    /** {@code value − x}. */
    public static NDArray rsub(double value, NDArray x) {
        try (NDArray scalar = owned(x, value)) {
            return scalar.sub(x);
        }
    }
}
