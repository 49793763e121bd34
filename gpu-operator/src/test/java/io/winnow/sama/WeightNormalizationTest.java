package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MlpClassifier;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;
import io.winnow.sama.synthetic.NoisyClusters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Per-batch weight normalisation: weights keep their ratios and average exactly 1 in every batch. */
class WeightNormalizationTest {

    @Test
    void normalisedWeightsKeepTheirRatiosAndAverageOne() {
        try (NDManager manager = EngineTestSupport.manager(); Autograd.GradModeScope off = Autograd.paused()) {
            SplitMix64 rng = new SplitMix64(4);
            Random random = new Random(8);
            BaseLearner learner = MlpClassifier.create(manager, new int[] {4, 8, 3}, 0.0, DataType.FLOAT64, rng);
            Reweighter reweighter = Reweighter.create(manager, 6, false, DataType.FLOAT64, rng);
            for (NDArray parameter : reweighter.parameters().arrays()) {
                parameter.addi(EngineTestSupport.randomArray(manager, random, parameter.getShape(), DataType.FLOAT64));
            }
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                examples.add(Example.dense("e" + i, new float[] {
                    (float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian(), i}, i % 3));
            }
            ModelInput input = ModelInput.encode(examples, learner.inputSpec(), DataType.FLOAT64, manager);
            LabeledBatch batch = new LabeledBatch(examples, input, LabeledBatch.oneHot(examples, 3, DataType.FLOAT64, manager),
                    null, null, Forward.train(1L));
            NDArray logits = learner.logits(input, batch.trainingPass());
            double[] raw = EngineTestSupport.doubles(new CurationLoss(reweighter, null, false).evaluate(logits, batch, false, null).weights());
            double[] normalised = EngineTestSupport.doubles(new CurationLoss(reweighter, null, true).evaluate(logits, batch, false, null).weights());

            double rawMean = java.util.Arrays.stream(raw).average().orElseThrow();
            assertThat(java.util.Arrays.stream(raw).max().orElseThrow() - java.util.Arrays.stream(raw).min().orElseThrow())
                    .as("the perturbed net gives different weights").isGreaterThan(1e-3);
            assertThat(java.util.Arrays.stream(normalised).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
            for (int i = 0; i < raw.length; i++) {
                assertThat(normalised[i]).isCloseTo(raw[i] / rawMean, within(1e-12));
            }
            learner.close();
        }
    }

    @Test
    void trainerWithNormalisedWeightsStartsAtOneAndKeepsEveryBatchMeanAtOne() {
        NoisyClusters data = new NoisyClusters(3, 3, 6, 320, 64, 10, 0.3, 1.0);
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {6, 16, 3}, 0.0), 3)
                .normalizeWeights(true)
                .trustedGate(TrustedGateSpec.OFF) // the gate would scale the first batch's weights
                .baseOptimizer(OptimizerSpec.adam(3e-3))
                .metaOptimizer(OptimizerSpec.adam(3e-2))
                .unroll(2)
                .metaBatchSize(16)
                .bufferCapacity(64)
                .seed(5)
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            trainer.addTrusted(data.trusted());
            List<Example> train = data.train();
            boolean moved = false;
            for (int start = 0; start < train.size(); start += 32) {
                List<CurationOutcome> outcomes = trainer.train(train.subList(start, start + 32)).curationOutcomes();
                double mean = outcomes.stream().mapToDouble(CurationOutcome::weight).average().orElseThrow();
                assertThat(mean).as("batch at " + start).isCloseTo(1.0, within(1e-4));
                if (start == 0) {
                    assertThat(outcomes).allSatisfy(o -> assertThat(o.weight()).isEqualTo(1.0));
                }
                moved |= outcomes.stream().anyMatch(o -> Math.abs(o.weight() - 1) > 1e-3);
            }
            assertThat(moved).as("meta steps change the relative weights").isTrue();
        }
    }
}
