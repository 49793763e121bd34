package io.winnow.sama.torchscript;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense, contiguous CPU tensor as it is stored in a TorchScript archive: a dtype, a shape and
 * the raw little-endian bytes of its storage.
 */
public final class ScriptTensor {

    /** Element types we write; the storage class name is what the unpickler maps to a dtype. */
    public enum DType {
        FLOAT32("FloatStorage", 4),
        FLOAT64("DoubleStorage", 8),
        INT64("LongStorage", 8);

        final String storageClass;
        final int bytes;

        DType(String storageClass, int bytes) {
            this.storageClass = storageClass;
            this.bytes = bytes;
        }
    }

    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private ScriptTensor(DType dtype, long[] shape, byte[] data) {
        long numel = numel(shape);
        if (numel * dtype.bytes != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + numel + " elements");
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    public static ScriptTensor ofFloats(float[] values, long... shape) {
        ByteBuffer buf = buffer(values.length * 4L);
        buf.asFloatBuffer().put(values);
        return new ScriptTensor(DType.FLOAT32, shape, buf.array());
    }

    public static ScriptTensor ofDoubles(double[] values, long... shape) {
        ByteBuffer buf = buffer(values.length * 8L);
        buf.asDoubleBuffer().put(values);
        return new ScriptTensor(DType.FLOAT64, shape, buf.array());
    }

    public static ScriptTensor ofLongs(long[] values, long... shape) {
        ByteBuffer buf = buffer(values.length * 8L);
        buf.asLongBuffer().put(values);
        return new ScriptTensor(DType.INT64, shape, buf.array());
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return numel(shape);
    }

    /** Contiguous row-major strides, in elements. */
    long[] strides() {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    byte[] littleEndianBytes() {
        return data;
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d);
            }
            n *= d;
        }
        return n;
    }
}
