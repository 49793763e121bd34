package io.winnow.sama.state;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Writes arrays as (data type, shape, raw bytes): a lossless round trip, bit for bit. */
public final class ArrayCodec {

    /** Refuses absurd sizes from corrupt input instead of trying to allocate them. */
    private static final long MAX_ELEMENTS = 1L << 31;

    private ArrayCodec() {}

    public static void write(DataOutput out, NDArray array) throws IOException {
        out.writeUTF(array.getDataType().name());
        long[] shape = array.getShape().getShape();
        out.writeInt(shape.length);
        for (long dim : shape) {
            out.writeLong(dim);
        }
        byte[] bytes = array.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static NDArray read(DataInput in, NDManager manager, Device device) throws IOException {
        DataType dataType = DataType.valueOf(in.readUTF());
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new IOException("corrupt array: rank " + rank);
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readLong();
        }
        Shape shape = new Shape(dims);
        if (shape.size() < 0 || shape.size() > MAX_ELEMENTS) {
            throw new IOException("corrupt array: " + shape.size() + " elements");
        }
        int length = in.readInt();
        if (length != shape.size() * dataType.getNumOfBytes()) {
            throw new IOException("corrupt array: " + length + " bytes for " + shape + " " + dataType);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.nativeOrder());
        buffer.put(bytes).rewind();
        NDArray array = manager.create(buffer, shape, dataType);
        if (!array.getDevice().equals(device)) {
            NDArray moved = array.toDevice(device, true);
            array.close();
            return moved;
        }
        return array;
    }

    public static void writeAll(DataOutput out, List<NDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (NDArray array : arrays) {
            write(out, array);
        }
    }

    public static List<NDArray> readAll(DataInput in, NDManager manager, Device device) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) {
            throw new IOException("corrupt array list: " + count + " arrays");
        }
        List<NDArray> arrays = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arrays.add(read(in, manager, device));
        }
        return arrays;
    }
}
