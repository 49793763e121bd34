package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.optim.OptimizerSpec;
import io.winnow.sama.random.SplitMix64;
import io.winnow.sama.synthetic.NoisyClusters;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Online cross-fitting on the real engine: which model judges a sample, and which model learns from it. */
class CrossFittedViewTest {

    private static final NoisyClusters DATA = new NoisyClusters(8, 3, 6, 256, 40, 10, 0.3, 1.0);

    @Test
    void foldsAreFixedByTheIdAndSplitTheStreamInHalves() {
        long inFirst = IntStream.range(0, 4000).filter(i -> CrossFittedView.fold(Example.dense("s" + i, new float[] {0f}, 0)) == 0).count();
        assertThat(inFirst).isBetween(1850L, 2150L);
        assertThat(CrossFittedView.fold(Example.dense("mail-17", new float[] {1f}, 1)))
                .isEqualTo(CrossFittedView.fold(Example.dense("mail-17", new float[] {0f}, 0)));
    }

    @Test
    void eachSampleIsJudgedByTheModelThatDidNotLearnIt() {
        try (NDManager manager = EngineTestSupport.manager(); Autograd.GradModeScope paused = Autograd.paused()) {
            BaseLearner initial = new ModelSpec.Mlp(new int[] {6, 16, 3}, 0.0).create(manager, manager.getDevice(),
                    DataType.FLOAT32, new SplitMix64(1));
            try (CrossFittedView view = new CrossFittedView(initial, () -> OptimizerSpec.adam(1e-2).create(manager), 3,
                    DataType.FLOAT32)) {
                List<Example> batch = DATA.train().subList(0, 64);
                SplitMix64 rng = new SplitMix64(2);
                for (int step = 0; step < 5; step++) {
                    view.learn(batch, () -> Forward.train(rng.nextLong()), manager);
                }
                ModelInput input = ModelInput.encode(batch, initial.inputSpec(), DataType.FLOAT32, manager);
                float[] judged = view.outOfFoldLogProbabilities(batch, input).toFloatArray();
                float[][] byFold = {view.fold(0).logProbabilities(input).toFloatArray(),
                    view.fold(1).logProbabilities(input).toFloatArray()};
                assertThat(byFold[0]).as("the two folds learned different samples").isNotEqualTo(byFold[1]);
                for (int i = 0; i < batch.size(); i++) {
                    int other = 1 - CrossFittedView.fold(batch.get(i));
                    for (int k = 0; k < 3; k++) {
                        assertThat(judged[i * 3 + k]).isEqualTo(byFold[other][i * 3 + k]);
                    }
                }
            }
        }
    }

    @Test
    void onlyTheSamplesOwnFoldModelLearnsFromIt() {
        try (NDManager manager = EngineTestSupport.manager(); Autograd.GradModeScope paused = Autograd.paused()) {
            BaseLearner initial = new ModelSpec.Mlp(new int[] {6, 16, 3}, 0.0).create(manager, manager.getDevice(),
                    DataType.FLOAT32, new SplitMix64(1));
            try (CrossFittedView view = new CrossFittedView(initial, () -> OptimizerSpec.adam(1e-2).create(manager), 3,
                    DataType.FLOAT32)) {
                List<Example> firstFold = DATA.train().stream().filter(e -> CrossFittedView.fold(e) == 0).limit(32).toList();
                List<float[]> secondBefore = view.fold(1).model().parameters().arrays().stream().map(NDArray::toFloatArray).toList();
                List<float[]> firstBefore = view.fold(0).model().parameters().arrays().stream().map(NDArray::toFloatArray).toList();
                view.learn(firstFold, Forward::eval, manager);
                List<float[]> secondAfter = view.fold(1).model().parameters().arrays().stream().map(NDArray::toFloatArray).toList();
                List<float[]> firstAfter = view.fold(0).model().parameters().arrays().stream().map(NDArray::toFloatArray).toList();
                for (int p = 0; p < secondBefore.size(); p++) {
                    assertThat(secondAfter.get(p)).isEqualTo(secondBefore.get(p));
                }
                assertThat(IntStream.range(0, firstBefore.size())
                        .anyMatch(p -> !java.util.Arrays.equals(firstBefore.get(p), firstAfter.get(p)))).isTrue();
            }
        }
    }
}
