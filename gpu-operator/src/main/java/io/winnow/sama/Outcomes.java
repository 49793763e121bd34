package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Reading a step's per-sample arrays back into outcomes. */
final class Outcomes {

    private Outcomes() {}

    static float[] floats(NDArray array) {
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
