package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.meta.LabelCorrector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The trusted gate: a per-class running threshold on the trusted model's probability of the given label. */
class TrustedGateTest {

    private static List<Example> batch(int... labels) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            examples.add(Example.dense("s" + i, new float[] {0f}, labels[i]));
        }
        return examples;
    }

    private static float[] gates(TrustedGate gate, List<Example> batch, int training, float[] probabilities,
            NDManager manager) {
        try (NDArray p = manager.create(probabilities); NDArray g = gate.gates(batch, training, p, DataType.FLOAT32, manager)) {
            return g.toFloatArray();
        }
    }

    @Test
    void hardGateKeepsSamplesAtOrAboveTheirOwnClassMean() {
        try (NDManager manager = EngineTestSupport.manager()) {
            TrustedGate gate = new TrustedGate(new TrustedGateSpec(true, 0, 0), 2);
            // class 0: mean 0.5 -> keeps 0.9 and 0.5, drops 0.1; class 1: mean 0.3 -> keeps 0.4, drops 0.2.
            float[] g = gates(gate, batch(0, 0, 0, 1, 1), 5, new float[] {0.9f, 0.1f, 0.5f, 0.4f, 0.2f}, manager);
            assertThat(g).containsExactly(1f, 0f, 1f, 1f, 0f);
            assertThat(gate.thresholds()).containsExactly(new double[] {0.5, 0.3}, within(1e-6));
        }
    }

    @Test
    void trustedSamplesMixedInPassAndDoNotMoveTheThreshold() {
        try (NDManager manager = EngineTestSupport.manager()) {
            TrustedGate gate = new TrustedGate(new TrustedGateSpec(true, 0, 0), 2);
            // The last two are trusted samples with a low probability: gate 1, and the class-0 mean stays 0.6.
            float[] g = gates(gate, batch(0, 0, 0, 0), 2, new float[] {0.8f, 0.4f, 0.01f, 0.01f}, manager);
            assertThat(g).containsExactly(1f, 0f, 1f, 1f);
            assertThat(gate.thresholds()[0]).isCloseTo(0.6, within(1e-6));
            assertThat(gate.thresholds()[1]).isNaN();
        }
    }

    @Test
    void thresholdIsADecayedRunningMeanAcrossBatches() {
        try (NDManager manager = EngineTestSupport.manager()) {
            TrustedGate gate = new TrustedGate(new TrustedGateSpec(true, 0.05, 0.5), 2);
            gates(gate, batch(0, 0), 2, new float[] {1f, 1f}, manager);
            float[] g = gates(gate, batch(0, 0), 2, new float[] {0f, 0f}, manager);
            // sums: 0.5 * 2 + 0 = 1 over counts 0.5 * 2 + 2 = 3
            assertThat(gate.thresholds()[0]).isCloseTo(1.0 / 3, within(1e-9));
            double soft = 1 / (1 + Math.exp((1.0 / 3) / 0.05));
            assertThat(g[0]).isCloseTo((float) soft, within(1e-6f));
        }
    }

    @Test
    void softGateIsHalfAtTheThresholdAndMonotone() {
        try (NDManager manager = EngineTestSupport.manager()) {
            TrustedGate gate = new TrustedGate(new TrustedGateSpec(true, 0.1, 0), 2);
            float[] g = gates(gate, batch(1, 1, 1), 3, new float[] {0.2f, 0.5f, 0.8f}, manager);
            assertThat(g[1]).isCloseTo(0.5f, within(1e-6f));
            assertThat(g[0]).isLessThan(g[1]);
            assertThat(g[2]).isGreaterThan(g[1]);
        }
    }

    @Test
    void doubtOpensTheCorrectionAsFarAsTheBeliefIsSure() {
        try (NDManager manager = EngineTestSupport.manager()) {
            NDArray given = manager.create(new double[][] {{1, 0}, {1, 0}, {1, 0}, {0, 1}});
            // beliefs: sure of class 1, unsure (uniform), sure of class 1, sure of class 0
            NDArray belief = manager.create(new double[][] {{0, 1}, {0.5, 0.5}, {0, 1}, {1, 0}});
            NDArray t = manager.create(new double[][] {{0.25}, {0.25}, {0.25}, {0}});
            NDArray gates = manager.create(new double[] {0, 0, 1, 0.5});
            LabelCorrector.Correction opened = TrustedGate.openWhereDoubted(
                    new LabelCorrector.Correction(t, belief, given.add(t.mul(belief.sub(given)))), gates, given, null);
            // doubted and sure: fully open; doubted but unsure: t as it was; trusted: t; half doubt, sure: 1 - (1 - 0)(1 - 0.5)
            assertThat(opened.share().toDoubleArray()).containsExactly(new double[] {1, 0.25, 0.25, 0.5}, within(1e-12));
            assertThat(opened.corrected().toDoubleArray())
                    .containsExactly(new double[] {0, 1, 0.875, 0.125, 0.75, 0.25, 0.5, 0.5}, within(1e-12));
        }
    }

    @Test
    void requiringAgreementOpensOnlyWhereTheTrustedModelNamesTheBeliefsClass() {
        try (NDManager manager = EngineTestSupport.manager()) {
            NDArray given = manager.create(new double[][] {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}});
            // all three doubted and sure of class 1; the trusted model names 1, 2 and 0
            NDArray belief = manager.create(new double[][] {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}});
            NDArray t = manager.create(new double[][] {{0.25}, {0.25}, {0.25}});
            NDArray gates = manager.create(new double[] {0, 0, 0});
            NDArray trustedClasses = manager.create(new long[] {1, 2, 0});
            LabelCorrector.Correction opened = TrustedGate.openWhereDoubted(
                    new LabelCorrector.Correction(t, belief, given.add(t.mul(belief.sub(given)))), gates, given,
                    trustedClasses);
            assertThat(opened.share().toDoubleArray()).containsExactly(new double[] {1, 0.25, 0.25}, within(1e-12));
            assertThat(opened.corrected().toDoubleArray())
                    .containsExactly(new double[] {0, 1, 0, 0.75, 0.25, 0, 0.75, 0.25, 0}, within(1e-12));
        }
    }

    @Test
    void agreementIsRequiredByDefaultOnlyBeyondTwoClasses() {
        assertThat(TrustedGateSpec.defaults().agreement().required(2)).isFalse();
        assertThat(TrustedGateSpec.defaults().agreement().required(6)).isTrue();
        assertThat(RelabelAgreement.ALWAYS.required(2)).isTrue();
        assertThat(RelabelAgreement.NEVER.required(6)).isFalse();
    }

    @Test
    void stateRoundTripsAndRefusesAnotherClassCount() throws IOException {
        try (NDManager manager = EngineTestSupport.manager()) {
            TrustedGate gate = new TrustedGate(TrustedGateSpec.defaults(), 3);
            gates(gate, batch(0, 1, 2, 2), 4, new float[] {0.7f, 0.2f, 0.9f, 0.3f}, manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            gate.write(new DataOutputStream(bytes));
            TrustedGate restored = new TrustedGate(TrustedGateSpec.defaults(), 3);
            restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(restored.thresholds()).containsExactly(gate.thresholds());
            TrustedGate other = new TrustedGate(TrustedGateSpec.defaults(), 2);
            assertThatThrownBy(() -> other.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 classes");
        }
    }

    @Test
    void specRefusesBadValuesAndTheConfigRefusesAGateWithoutItsInputs() {
        assertThatThrownBy(() -> new TrustedGateSpec(true, -1, 0.9)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new TrustedGateSpec(true, 0.1, 1)).hasMessageContaining("decay");
        assertThatThrownBy(() -> TrainerConfig.builder(new io.winnow.sama.model.ModelSpec.Mlp(new int[] {2, 4, 2}, 0), 2)
                .trustedModel(false).trustedGate(TrustedGateSpec.defaults()).build())
                .hasMessageContaining("trusted gate needs the trusted model");
    }
}
