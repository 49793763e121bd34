package io.winnow.sama.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.EngineTestSupport;
import io.winnow.sama.Example;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.StepResult;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.random.SplitMix64;
import io.winnow.sama.torchscript.MlpClassifierArchive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseLearnersTest {

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
    void mlpProducesLogitsAndGradientsForEveryParameter() {
        try (Autograd.GradModeScope off = Autograd.paused();
                MlpClassifier mlp = MlpClassifier.create(manager, new int[] {5, 8, 8, 3}, 0.1, DataType.FLOAT32, new SplitMix64(1))) {
            assertThat(mlp.parameters().names()).containsExactly(
                    "mlp.0.weight", "mlp.0.bias", "mlp.1.weight", "mlp.1.bias", "mlp.2.weight", "mlp.2.bias");
            ModelInput input = ModelInput.encode(denseBatch(4, 5), mlp.inputSpec(), DataType.FLOAT32, manager);
            assertThat(mlp.logits(input, Forward.eval()).getShape().getShape()).containsExactly(4, 3);
            List<NDArray> gradients;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                NDArray loss = mlp.logits(input, Forward.train(3)).square().mean();
                gradients = Autograd.gradient(loss, mlp.parameters().arrays(), manager);
            }
            for (NDArray gradient : gradients) {
                assertThat(gradient.abs().sum().getFloat()).isGreaterThan(0f);
            }
        }
    }

    @Test
    void dropoutMasksFollowTheSeedAndEvaluationHasNone() {
        try (Autograd.GradModeScope off = Autograd.paused();
                MlpClassifier mlp = MlpClassifier.create(manager, new int[] {5, 32, 3}, 0.5, DataType.FLOAT32, new SplitMix64(1))) {
            ModelInput input = ModelInput.encode(denseBatch(4, 5), mlp.inputSpec(), DataType.FLOAT32, manager);
            NDArray a = mlp.logits(input, Forward.train(7));
            NDArray b = mlp.logits(input, Forward.train(7));
            NDArray c = mlp.logits(input, Forward.train(8));
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
            assertThat(mlp.logits(input, Forward.eval()).contentEquals(mlp.logits(input, Forward.eval()))).isTrue();
        }
    }

    @Test
    void textClassifierIgnoresPaddingAndTruncatesLongSequences() {
        for (int layers : new int[] {0, 2}) {
            TextClassifierSpec spec = new TextClassifierSpec(30, 6, 8, layers, 2, 16, new int[] {8}, 3, 0.0);
            try (Autograd.GradModeScope off = Autograd.paused();
                    TextClassifier text = TextClassifier.create(manager, spec, DataType.FLOAT64, new SplitMix64(2))) {
                Example shortOne = Example.tokens("short", new int[] {4, 9, 2}, 0);
                Example longOne = Example.tokens("long", new int[] {5, 6, 7, 8, 9, 10, 11, 12}, 1);
                NDArray alone = text.logits(ModelInput.encode(List.of(shortOne), text.inputSpec(), DataType.FLOAT64, manager), Forward.eval());
                NDArray padded = text.logits(
                        ModelInput.encode(List.of(shortOne, longOne), text.inputSpec(), DataType.FLOAT64, manager), Forward.eval());
                assertThat(EngineTestSupport.relativeError(EngineTestSupport.doubles(padded.get(0)),
                        EngineTestSupport.doubles(alone.get(0)), 1e-12)).as("%d encoder layers", layers).isLessThan(1e-12);
                Example truncated = Example.tokens("cut", new int[] {5, 6, 7, 8, 9, 10}, 1);
                NDArray cut = text.logits(ModelInput.encode(List.of(truncated), text.inputSpec(), DataType.FLOAT64, manager), Forward.eval());
                assertThat(EngineTestSupport.relativeError(EngineTestSupport.doubles(padded.get(1)),
                        EngineTestSupport.doubles(cut.get(0)), 1e-12)).isLessThan(1e-12);
            }
        }
    }

    @Test
    void replicaHasTheSameValuesInItsOwnStorage() {
        try (Autograd.GradModeScope off = Autograd.paused();
                MlpClassifier mlp = MlpClassifier.create(manager, new int[] {4, 6, 2}, 0, DataType.FLOAT32, new SplitMix64(1));
                BaseLearner copy = mlp.replicate()) {
            ModelInput input = ModelInput.encode(denseBatch(3, 4), mlp.inputSpec(), DataType.FLOAT32, manager);
            assertThat(copy.logits(input, Forward.eval()).contentEquals(mlp.logits(input, Forward.eval()))).isTrue();
            copy.parameters().get("mlp.0.bias").addi(1f);
            assertThat(copy.logits(input, Forward.eval()).contentEquals(mlp.logits(input, Forward.eval()))).isFalse();
        }
    }

    @Test
    void encodingRejectsInputsThatDoNotFit() {
        InputSpec tokens = InputSpec.tokens(4, 10);
        assertThatThrownBy(() -> ModelInput.encode(List.of(Example.tokens("oov", new int[] {3, 10}, 0)), tokens, DataType.FLOAT32, manager))
                .hasMessageContaining("oov").hasMessageContaining("10");
        assertThatThrownBy(() -> ModelInput.encode(List.of(Example.tokens("empty", new int[0], 0)), tokens, DataType.FLOAT32, manager))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ModelInput.encode(List.of(Example.dense("dense", new float[4], 0)), tokens, DataType.FLOAT32, manager))
                .hasMessageContaining("dense");
    }

    @Test
    void userTorchScriptModelTrainsAndMatchesItsWeights(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("user-mlp.pt");
        MlpClassifierArchive.write(file, 6, 12, 3, 99);
        ModelSpec spec = new ModelSpec.TorchScript(file, InputSpec.dense(6), 3);
        TrainerConfig config = TrainerConfig.builder(spec, 3)
                .hypergradient(HypergradientSpec.Method.SAMA).unroll(2).metaBatchSize(4).bufferCapacity(8).build();
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            assertThat(trainer.baseParameters().names()).contains("fc1_weight", "fc2_bias");
            byte[] before = trainer.baseParameters().get("fc1_weight").toByteArray();
            trainer.addTrusted(denseBatch(8, 6));
            StepResult last = null;
            for (int i = 0; i < 4; i++) {
                last = trainer.train(denseBatch(8, 6));
            }
            assertThat(trainer.baseParameters().get("fc1_weight").toByteArray()).isNotEqualTo(before);
            assertThat(trainer.counters().metaSteps()).isEqualTo(2);
            assertThat(last.outcomes()).hasSize(8);
            assertThat(trainer.predict(denseBatch(2, 6))[0]).hasSize(3);
        }
    }

    @Test
    void missingOrBrokenTorchScriptFilesFailClearly(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.pt");
        assertThatThrownBy(() -> TorchScriptClassifier.load(missing, InputSpec.dense(3), 2, ai.djl.Device.cpu()))
                .hasMessageContaining("not found");
        Path garbage = dir.resolve("garbage.pt");
        java.nio.file.Files.writeString(garbage, "not a model");
        assertThatThrownBy(() -> TorchScriptClassifier.load(garbage, InputSpec.dense(3), 2, ai.djl.Device.cpu()))
                .isInstanceOf(RuntimeException.class);
    }

    private static List<Example> denseBatch(int size, int dimension) {
        Random random = new Random(size * 31L + dimension);
        List<Example> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            float[] x = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                x[j] = (float) random.nextGaussian();
            }
            batch.add(Example.dense("d" + i, x, random.nextInt(2)));
        }
        return batch;
    }
}
