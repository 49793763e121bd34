package io.winnow.sama.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.EngineTestSupport;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * A scalar tensor from {@link Scalars} must own its memory: autograd keeps it for the backward
 * pass, long after the Java buffer DJL's {@code create(double)} borrows has been collected.
 */
class ScalarsTest {

    @Test
    void anOwnedScalarKeepsItsValueAfterItsJavaBufferIsCollected() {
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (NDManager manager = EngineTestSupport.manager(); NDArray like = manager.zeros(new ai.djl.ndarray.types.Shape(3), type)) {
                NDArray[] scalars = new NDArray[64];
                for (int i = 0; i < scalars.length; i++) {
                    scalars[i] = Scalars.owned(like, 0.25 + i);
                }
                overwriteFreedDirectMemory(manager);
                for (int i = 0; i < scalars.length; i++) {
                    assertThat(scalars[i].getDataType()).isEqualTo(type);
                    assertThat(scalars[i].toType(DataType.FLOAT64, false).getDouble())
                            .as(type + " scalar " + i).isEqualTo(0.25 + i);
                }
            }
        }
    }

    /**
     * Lets the collector free the borrowed buffers (their NDArrays are closed), then fills newly
     * allocated direct memory, which reuses what was freed, with a value nothing else holds.
     */
    private static void overwriteFreedDirectMemory(NDManager manager) {
        double[] garbage = new double[1];
        Arrays.fill(garbage, -7.0);
        for (int round = 0; round < 20; round++) {
            System.gc();
            for (int i = 0; i < 256; i++) {
                try (NDArray filler = manager.create(garbage)) {
                    filler.getDouble();
                }
            }
        }
    }
}
