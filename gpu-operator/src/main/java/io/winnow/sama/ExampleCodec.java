package io.winnow.sama;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Binary form of an {@link Example} inside trainer state. */
final class ExampleCodec {

    private static final int MAX_LENGTH = 1 << 24;

    private ExampleCodec() {}

    static void write(DataOutput out, Example example) throws IOException {
        byte[] id = example.id().getBytes(StandardCharsets.UTF_8);
        out.writeInt(id.length);
        out.write(id);
        out.writeInt(example.label());
        out.writeBoolean(example.isDense());
        if (example.isDense()) {
            out.writeInt(example.features().length);
            for (float value : example.features()) {
                out.writeFloat(value);
            }
        } else {
            writeInts(out, example.tokens());
        }
        writeInts(out, example.votes());
    }

    static Example read(DataInput in) throws IOException {
        byte[] id = new byte[checkedLength(in.readInt())];
        in.readFully(id);
        int label = in.readInt();
        float[] features = null;
        int[] tokens = null;
        if (in.readBoolean()) {
            features = new float[checkedLength(in.readInt())];
            for (int i = 0; i < features.length; i++) {
                features[i] = in.readFloat();
            }
        } else {
            tokens = readInts(in);
        }
        int[] votes = readInts(in);
        return new Example(new String(id, StandardCharsets.UTF_8), features, tokens, label, votes);
    }

    private static void writeInts(DataOutput out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static int[] readInts(DataInput in) throws IOException {
        int[] values = new int[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("corrupt example: length " + length);
        }
        return length;
    }
}
