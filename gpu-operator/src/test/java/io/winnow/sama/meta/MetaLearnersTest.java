package io.winnow.sama.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.EngineTestSupport;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.random.SplitMix64;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetaLearnersTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = EngineTestSupport.manager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void reweighterStartsAtExactlyOneAndStaysInZeroTwo() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            Reweighter reweighter = Reweighter.create(manager, 10, true, DataType.FLOAT32, new SplitMix64(1));
            NDArray losses = manager.create(new float[] {0f, 0.5f, 3f, 40f});
            NDArray uncertainty = manager.create(new float[] {0f, 0.2f, 0.9f, 1f});
            assertThat(reweighter.weights(losses, uncertainty).toFloatArray()).containsOnly(1f);
            reweighter.parameters().get("reweighter.1.weight").addi(50f);
            for (float w : reweighter.weights(losses, uncertainty).toFloatArray()) {
                assertThat(w).isBetween(0f, 2f);
            }
        }
    }

    @Test
    void classAwareReweighterReadsLossUncertaintyAndGivenClassAndStartsAtExactlyOne() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            Reweighter lossOnly = Reweighter.create(manager, 10, false, DataType.FLOAT32, new SplitMix64(1));
            assertThat(lossOnly.usesClass()).isFalse();
            assertThat(lossOnly.inputWidth()).isEqualTo(1);
            assertThat(lossOnly.parameters().get("reweighter.0.weight").getShape()).isEqualTo(new Shape(10, 1));

            for (boolean uncertain : new boolean[] {false, true}) {
                Reweighter reweighter = Reweighter.create(manager, 10, uncertain, 3, DataType.FLOAT32, new SplitMix64(1));
                int width = (uncertain ? 2 : 1) + 3;
                assertThat(reweighter.usesClass()).isTrue();
                assertThat(reweighter.classInputs()).isEqualTo(3);
                assertThat(reweighter.inputWidth()).isEqualTo(width);
                assertThat(reweighter.parameters().get("reweighter.0.weight").getShape()).isEqualTo(new Shape(10, width));

                // The same loss and uncertainty for every sample, different given classes (the last unlabeled).
                NDArray losses = manager.create(new float[] {0.7f, 0.7f, 0.7f, 0.7f});
                NDArray uncertainty = manager.create(new float[] {0.3f, 0.3f, 0.3f, 0.3f});
                NDArray given = manager.create(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}, new Shape(4, 3));
                NDArray weights = reweighter.weights(losses, uncertainty, given);
                assertThat(weights.getShape()).isEqualTo(new Shape(4));
                assertThat(weights.toFloatArray()).containsOnly(1f);
                assertThatThrownBy(() -> reweighter.weights(losses, uncertainty))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> reweighter.weights(losses, uncertainty, given.get("1:")))
                        .isInstanceOf(IllegalArgumentException.class);

                reweighter.parameters().get("reweighter.1.weight").addi(
                        EngineTestSupport.randomArray(manager, new Random(4), new Shape(1, 10), DataType.FLOAT32));
                float[] trained = reweighter.weights(losses, uncertainty, given).toFloatArray();
                for (float w : trained) {
                    assertThat(w).isStrictlyBetween(0f, 2f);
                }
                assertThat(trained).as("the class changes the weight of an otherwise identical sample")
                        .doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void correctorStartsAtTheGivenLabelAndLearnsThroughTheGate() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            LabelCorrector corrector = LabelCorrector.create(manager, 3, 2, 8, DataType.FLOAT64, new SplitMix64(2));
            NDArray logits = EngineTestSupport.randomArray(manager, new Random(3), new Shape(4, 3), DataType.FLOAT64);
            NDArray labels = manager.create(new long[] {0, 2, 1, 1}).oneHot(3, DataType.FLOAT64);
            NDArray votes = manager.zeros(new Shape(4, 6), DataType.FLOAT64);
            assertThat(corrector.correct(logits, labels, votes).contentEquals(labels)).isTrue();

            List<NDArray> gradients;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                NDArray target = manager.create(new long[] {1, 1, 1, 1}).oneHot(3, DataType.FLOAT64);
                NDArray loss = corrector.correct(logits, labels, votes).sub(target).square().sum();
                gradients = Autograd.gradient(loss, List.of(corrector.parameters().get("corrector.gate.bias")), manager);
            }
            assertThat(gradients.get(0).getDouble(0)).as("gradient reaches the closed gate").isNotZero();

            corrector.parameters().get("corrector.gate.bias").addi(5.0);
            NDArray opened = corrector.correct(logits, labels, votes);
            double[] rowSums = opened.sum(new int[] {1}).toDoubleArray();
            for (double sum : rowSums) {
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            }
            assertThat(opened.contentEquals(labels)).isFalse();
        }
    }
}
