package io.winnow.sama.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.EngineTestSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PerturbationTest {

    @Test
    void restoresThetaBitForBitAfterLargeAndTinyMoves() {
        try (NDManager manager = EngineTestSupport.manager(); Autograd.GradModeScope off = Autograd.paused()) {
            Random random = new Random(1);
            ParameterSet.Builder builder = ParameterSet.builder();
            List<NDArray> direction = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Shape shape = new Shape(64, 33 + i);
                builder.add("p" + i, EngineTestSupport.randomArray(manager, random, shape, DataType.FLOAT32).mul(1e3));
                direction.add(EngineTestSupport.randomArray(manager, random, shape, DataType.FLOAT32));
            }
            ParameterSet theta = builder.build();
            theta.setRequiresGradient(true);
            List<byte[]> before = new ArrayList<>();
            theta.arrays().forEach(a -> before.add(a.toByteArray()));

            // Arithmetic restore (+ε, −2ε, +ε) drifts in float32; this must not.
            try (Perturbation perturbation = Perturbation.of(theta, manager)) {
                for (double epsilon : new double[] {1e-7, 0.37, 1e4}) {
                    perturbation.moveTo(epsilon, direction);
                    perturbation.moveTo(-epsilon, direction);
                }
                assertThat(theta.arrays().get(0).toByteArray()).isNotEqualTo(before.get(0));
            }
            for (int i = 0; i < before.size(); i++) {
                assertThat(theta.arrays().get(i).toByteArray()).isEqualTo(before.get(i));
            }
            assertThat(theta.arrays().get(0).hasGradient()).isTrue();
        }
    }

    @Test
    void arithmeticRestoreWouldDrift() {
        // Guards the premise of the test above: in float32, θ + ε·v − ε·v is not θ in general.
        try (NDManager manager = EngineTestSupport.manager()) {
            Random random = new Random(2);
            NDArray theta = EngineTestSupport.randomArray(manager, random, new Shape(1000), DataType.FLOAT32).mul(1e3);
            NDArray v = EngineTestSupport.randomArray(manager, random, new Shape(1000), DataType.FLOAT32);
            NDArray roundTrip = theta.add(v.mul(0.37)).sub(v.mul(0.37));
            assertThat(roundTrip.contentEquals(theta)).isFalse();
        }
    }
}
