package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.meta.LabelCorrector;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MlpClassifier;
import io.winnow.sama.model.ModelInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What each coupling makes of a closed and of a fully open gate, on one batch with weights far
 * from 1 (float64, exact to rounding).
 */
class CorrectionCouplingTest {

    private static final int CLASSES = 3;

    @Test
    void gatedCouplingIsPlainReweightingWhileTheGateIsClosed() {
        try (Fixture f = new Fixture(0.0)) {
            double reweightingOnly = f.loss(new CurationLoss(f.reweighter, null, false));
            double gated = f.loss(coupled(f, CorrectionCoupling.GATED));
            double complementary = f.loss(coupled(f, CorrectionCoupling.COMPLEMENTARY));
            double plain = f.loss(new CurationLoss(null, null, false));

            assertThat(gated).isCloseTo(reweightingOnly, within(1e-12));
            assertThat(reweightingOnly).as("the weights matter on this batch").isNotCloseTo(plain, within(1e-3));
            // The defect gated coupling removes: with c = y the complementary loss ignores the weights.
            assertThat(complementary).isCloseTo(plain, within(1e-12));
        }
    }

    @Test
    void gatedCouplingTrainsAFullyOpenSampleOnTheBeliefAtFullWeight() {
        try (Fixture f = new Fixture(1.0)) {
            CurationLoss gated = coupled(f, CorrectionCoupling.GATED);
            LabelCorrector.Correction correction = f.corrector.correction(f.logits.stopGradient(), f.batch.oneHotLabels(),
                    null, new ai.djl.ndarray.NDList());
            assertThat(Tensors.scalar(correction.share().min())).isEqualTo(1.0);
            double expected = Tensors.scalar(
                    CrossEntropy.fromLogProbabilities(f.logits.logSoftmax(1), correction.belief()).mean());
            assertThat(f.loss(gated)).isCloseTo(expected, within(1e-12));
        }
    }

    private static CurationLoss coupled(Fixture f, CorrectionCoupling coupling) {
        return new CurationLoss(f.reweighter, f.corrector, false, coupling, false);
    }

    /** An MLP, a reweighting net with a non-zero output layer, a corrector whose gate sits at {@code gate}. */
    private static final class Fixture implements AutoCloseable {
        final NDManager manager = EngineTestSupport.manager();
        final Autograd.GradModeScope paused = Autograd.paused();
        final BaseLearner learner;
        final Reweighter reweighter;
        final LabelCorrector corrector;
        final LabeledBatch batch;
        final NDArray logits;

        Fixture(double gate) {
            SplitMix64 rng = new SplitMix64(11);
            Random random = new Random(13);
            learner = MlpClassifier.create(manager, new int[] {4, 8, CLASSES}, 0.0, DataType.FLOAT64, rng);
            reweighter = Reweighter.create(manager, 6, false, DataType.FLOAT64, rng);
            for (NDArray p : reweighter.parameters().arrays()) {
                p.addi(EngineTestSupport.randomArray(manager, random, p.getShape(), DataType.FLOAT64).mul(3.0));
            }
            corrector = LabelCorrector.create(manager, CLASSES, 0, 6, DataType.FLOAT64, rng);
            corrector.parameters().get("corrector.gate.bias").addi(gate); // clamp gate: weight 0, so t = gate
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                float[] x = new float[4];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) random.nextGaussian();
                }
                examples.add(Example.dense("e" + i, x, i % CLASSES));
            }
            ModelInput input = ModelInput.encode(examples, learner.inputSpec(), DataType.FLOAT64, manager);
            batch = new LabeledBatch(examples, input, LabeledBatch.oneHot(examples, CLASSES, DataType.FLOAT64, manager),
                    null, null, Forward.eval());
            logits = learner.logits(input, Forward.eval());
        }

        double loss(CurationLoss loss) {
            return Tensors.scalar(loss.evaluate(logits, batch, false, null).loss());
        }

        @Override
        public void close() {
            learner.close();
            paused.close();
            manager.close();
        }
    }
}
