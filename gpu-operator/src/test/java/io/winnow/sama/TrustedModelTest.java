package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.InputSpec;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;
import io.winnow.sama.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The trusted model on the real engine: what it learns from the trusted samples, with and without their votes. */
class TrustedModelTest {

    private static final int FEATURES = 8;
    private static final ModelSpec.Mlp MLP = new ModelSpec.Mlp(new int[] {FEATURES, 16, 2}, 0.0);

    /**
     * Samples whose features say nothing about the label, with two labeling functions: the first
     * always votes the true label, the second always the other one.
     */
    private static List<Example> samples(String prefix, int count, long seed) {
        Random random = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] features = new float[FEATURES];
            for (int d = 0; d < FEATURES; d++) {
                features[d] = (float) random.nextGaussian();
            }
            int label = random.nextInt(2);
            out.add(new Example(prefix + i, features, null, label, new int[] {label, 1 - label}));
        }
        return out;
    }

    /** Mean probability the model gives the true label of fresh samples, after 150 steps on the trusted ones. */
    private static double meanTrueLabelProbability(boolean readsVotes) {
        try (NDManager manager = EngineTestSupport.manager()) {
            SplitMix64 rng = new SplitMix64(3);
            TrustedModel model;
            if (readsVotes) {
                model = TrustedModel.readingVotes(MLP, 2, OptimizerSpec.adam(1e-2).create(manager), 2, DataType.FLOAT32,
                        manager, Device.cpu(), rng);
            } else {
                BaseLearner base = MLP.create(manager, Device.cpu(), DataType.FLOAT32, rng);
                model = new TrustedModel(base, OptimizerSpec.adam(1e-2).create(manager), 2, DataType.FLOAT32);
            }
            ExampleBuffer trusted = new ExampleBuffer(64);
            trusted.addAll(samples("t-", 64, 1));
            for (int step = 0; step < 150; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    model.step(trusted.sample(16, rng), Forward.train(step), stepManager);
                }
            }
            List<Example> fresh = samples("f-", 200, 2);
            try (NDManager evaluation = manager.newSubManager()) {
                ModelInput input = model.input(ModelInput.encode(fresh, InputSpec.dense(FEATURES), DataType.FLOAT32, evaluation),
                        LabeledBatch.votes(fresh, 2, 2, DataType.FLOAT32, evaluation));
                NDArray probabilities = model.logProbabilities(input).exp();
                float[] p = probabilities.toFloatArray();
                double sum = 0;
                for (int i = 0; i < fresh.size(); i++) {
                    sum += p[2 * i + fresh.get(i).label()];
                }
                return sum / fresh.size();
            }
        }
    }

    @Test
    void readingTheVotesItLearnsWhichFunctionToBelieve() {
        assertThat(meanTrueLabelProbability(true)).as("with votes").isGreaterThan(0.9);
        assertThat(meanTrueLabelProbability(false)).as("features alone say nothing").isBetween(0.3, 0.7);
    }

    @Test
    void votesNeedLabelingFunctionsAndAnMlp() {
        TrainerConfig.Builder config = TrainerConfig.builder(MLP, 2).hypergradient(HypergradientSpec.Method.SAMA)
                .reweight(true).trustedModel(true).trustedModelReadsVotes(true);
        assertThatThrownBy(config::build).hasMessageContaining("labeling functions");
        assertThat(config.labelingFunctions(3).build().trustedModelReadsVotes()).isTrue();
        assertThatThrownBy(() -> config.trustedModel(false).trustedGate(TrustedGateSpec.OFF).build())
                .hasMessageContaining("needs the trusted model");
    }
}
