package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.meta.LabelCorrector;
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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Class-aware reweighting (CMW-Net) on the real engine.
 *
 * <p>The behavioural check is a 2-class problem with class-dependent label noise: 40% of class 1
 * labeled 0, 10% of class 0 labeled 1, overlapping clusters (4 dimensions, spread 1.5). The model
 * leans towards the majority given label 0, so the clean class-1 samples have high loss and the meta
 * gradient asks to weigh them up; a loss-only net can only do that by weighing up every high loss,
 * including the flipped samples in class 0, and ends with flipped samples outweighing clean ones
 * (ROC AUC of the weights near 0.2). A class-aware net learns the rule per class and separates them.
 * The same data and trainer seeds were measured with 5 trainer seeds (loss-only AUC 0.20 to 0.23,
 * class-aware 0.83 to 0.90), so the margins below are wide.
 */
class ClassAwareReweightingTest {

    private static final long[] TRAINER_SEEDS = {1, 2};
    private static NoisyClusters data;
    private static final List<Run> lossOnly = new ArrayList<>();
    private static final List<Run> classAware = new ArrayList<>();

    /**
     * @param weightAuc ROC AUC of the last epoch's weights, clean vs flipped samples
     * @param givenZeroAuc the same among samples labeled 0 only (where the class input is constant)
     * @param meanWeightByGivenLabel mean weight of the samples labeled 0 and of those labeled 1
     */
    record Run(long seed, double weightAuc, double givenZeroAuc, double[] meanWeightByGivenLabel, double accuracy) {
        @Override
        public String toString() {
            return String.format("seed %d: weight AUC %.3f (among given label 0: %.3f), mean weight given 0/1 %.3f/%.3f,"
                    + " test accuracy %.3f", seed, weightAuc, givenZeroAuc, meanWeightByGivenLabel[0],
                    meanWeightByGivenLabel[1], accuracy);
        }
    }

    @BeforeAll
    static void train() {
        data = NoisyClusters.classDependent(1, 4, 2000, 100, 1000, new double[] {0.1, 0.4}, 1.5);
        for (long seed : TRAINER_SEEDS) {
            lossOnly.add(run(false, seed));
            classAware.add(run(true, seed));
        }
        lossOnly.forEach(run -> System.out.println("class-dependent noise, loss-only reweighting:   " + run));
        classAware.forEach(run -> System.out.println("class-dependent noise, class-aware reweighting: " + run));
    }

    static Run run(boolean classAwareNet, long seed) {
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {4, 64, 2}, 0.0), 2)
                .hypergradient(HypergradientSpec.Method.SAMA)
                .reweight(true)
                .reweighterUsesClass(classAwareNet)
                .trustedModel(false) // the mechanism under test alone, as measured above
                .trustedPerBatch(0)
                .baseOptimizer(OptimizerSpec.adam(3e-3))
                .metaOptimizer(OptimizerSpec.adam(3e-3))
                .unroll(5)
                .metaBatchSize(64)
                .seed(seed)
                .build();
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            trainer.addTrusted(data.trusted());
            Random order = new Random(seed);
            List<CurationOutcome> lastEpoch = new ArrayList<>();
            for (int epoch = 0; epoch < 12; epoch++) {
                lastEpoch.clear();
                for (List<Example> batch : data.epoch(order, 32)) {
                    lastEpoch.addAll(trainer.train(batch).curationOutcomes());
                }
            }
            List<Double> clean = new ArrayList<>();
            List<Double> flipped = new ArrayList<>();
            List<Double> cleanGivenZero = new ArrayList<>();
            List<Double> flippedGivenZero = new ArrayList<>();
            double[] sums = new double[2];
            int[] counts = new int[2];
            for (CurationOutcome outcome : lastEpoch) {
                boolean isFlipped = data.isFlipped(outcome.id(), outcome.givenLabel());
                (isFlipped ? flipped : clean).add(outcome.weight());
                if (outcome.givenLabel() == 0) {
                    (isFlipped ? flippedGivenZero : cleanGivenZero).add(outcome.weight());
                }
                sums[outcome.givenLabel()] += outcome.weight();
                counts[outcome.givenLabel()]++;
            }
            return new Run(seed, EngineTestSupport.rocAuc(clean, flipped),
                    EngineTestSupport.rocAuc(cleanGivenZero, flippedGivenZero),
                    new double[] {sums[0] / counts[0], sums[1] / counts[1]}, data.accuracy(trainer));
        }
    }

    @Test
    void classAwareWeightsSeparateFlippedFromCleanWhereLossOnlyWeightsDoNot() {
        for (int i = 0; i < TRAINER_SEEDS.length; i++) {
            Run plain = lossOnly.get(i);
            Run aware = classAware.get(i);
            assertThat(aware.weightAuc()).as("class-aware, %s", aware).isGreaterThanOrEqualTo(0.75);
            assertThat(aware.weightAuc() - plain.weightAuc())
                    .as("class-aware (%s) over loss-only (%s)", aware, plain).isGreaterThanOrEqualTo(0.3);
            // Within one given class the class input is constant: the gain is a per-class rule on the
            // loss, not just a per-class constant.
            assertThat(aware.givenZeroAuc()).as("class-aware, %s", aware).isGreaterThanOrEqualTo(0.75);
            assertThat(aware.meanWeightByGivenLabel()[1]).as("the minority given class counts more, %s", aware)
                    .isGreaterThan(aware.meanWeightByGivenLabel()[0]);
        }
    }

    @Test
    void reweighterReadsTheGivenLabelEvenWhenLabelsAreCorrected() {
        try (NDManager manager = EngineTestSupport.manager(); Autograd.GradModeScope off = Autograd.paused()) {
            SplitMix64 rng = new SplitMix64(3);
            Random random = new Random(7);
            BaseLearner learner = MlpClassifier.create(manager, new int[] {5, 7, 3}, 0.0, DataType.FLOAT64, rng);
            Reweighter reweighter = Reweighter.create(manager, 6, false, 3, DataType.FLOAT64, rng);
            LabelCorrector corrector = LabelCorrector.create(manager, 3, 0, 6, DataType.FLOAT64, rng);
            for (NDArray parameter : reweighter.parameters().arrays()) {
                parameter.addi(EngineTestSupport.randomArray(manager, random, parameter.getShape(), DataType.FLOAT64));
            }
            for (NDArray parameter : corrector.parameters().arrays()) {
                parameter.addi(EngineTestSupport.randomArray(manager, random, parameter.getShape(), DataType.FLOAT64)
                        .mul(3.0));
            }
            corrector.parameters().get("corrector.gate.bias").addi(2.0); // gate open: the corrector acts
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                float[] x = new float[5];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) random.nextGaussian();
                }
                examples.add(Example.dense("e" + i, x, i % 3));
            }
            ModelInput input = ModelInput.encode(examples, learner.inputSpec(), DataType.FLOAT64, manager);
            NDArray given = LabeledBatch.oneHot(examples, 3, DataType.FLOAT64, manager);
            LabeledBatch batch = new LabeledBatch(examples, input, given, null, null, Forward.train(5L));
            CurationLoss.Terms terms = new CurationLoss(reweighter, corrector, false)
                    .evaluate(learner.logits(input, batch.trainingPass()), batch, false, null);

            NDArray correctedOneHot = terms.corrected().argMax(1).oneHot(3, DataType.FLOAT64);
            assertThat(correctedOneHot.contentEquals(given)).as("some labels are corrected").isFalse();
            double[] expected = EngineTestSupport.doubles(
                    reweighter.weights(terms.inputs().givenLoss(), terms.inputs().uncertainty(), given));
            double[] fromCorrected = EngineTestSupport.doubles(
                    reweighter.weights(terms.inputs().givenLoss(), terms.inputs().uncertainty(), correctedOneHot));
            assertThat(EngineTestSupport.doubles(terms.weights())).isEqualTo(expected).isNotEqualTo(fromCorrected);
            learner.close();
        }
    }

    @Test
    void unlabeledSamplesGetAnAllZeroOneHotRow() {
        try (NDManager manager = EngineTestSupport.manager()) {
            List<Example> examples = List.of(
                    Example.dense("a", new float[] {0f}, 2),
                    Example.dense("b", new float[] {0f}, Example.NO_LABEL),
                    Example.dense("c", new float[] {0f}, 0));
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray oneHot = LabeledBatch.oneHot(examples, 3, type, manager);
                assertThat(oneHot.getDataType()).isEqualTo(type);
                assertThat(EngineTestSupport.doubles(oneHot)).containsExactly(0, 0, 1, 0, 0, 0, 1, 0, 0);
            }
        }
    }

    @Test
    void classAwareTrainerWithEveryOptionTrainsResumesAndRefusesLossOnlyState() {
        NoisyClusters small = new NoisyClusters(8, 3, 6, 256, 40, 10, 0.3, 1.0);
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {6, 16, 3}, 0.2), 3)
                .reweighterUsesClass(true)
                .reweighterUsesUncertainty(true)
                .correctLabels(true)
                .recomputeMetaInputs(true)
                .trustedModel(false)
                .baseOptimizer(OptimizerSpec.adam(3e-3))
                .metaOptimizer(OptimizerSpec.adam(3e-2))
                .unroll(2)
                .metaBatchSize(16)
                .bufferCapacity(64)
                .seed(9)
                .build();
        assertThat(config).isNotEqualTo(config.toBuilder().reweighterUsesClass(false).build());
        assertThat(config.toBuilder().build()).isEqualTo(config);
        Random random = new Random(2);
        List<List<Example>> stream = new ArrayList<>();
        for (int b = 0; b < 24; b++) {
            List<Example> batch = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batch.add(small.train().get(random.nextInt(small.train().size())));
            }
            stream.add(batch);
        }
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            assertThat(trainer.metaParameters().get("reweighter.0.weight").getShape().get(1)).isEqualTo(2 + 3);
            trainer.addTrusted(small.trusted());
            StepResult first = trainer.train(stream.get(0));
            assertThat(first.curationOutcomes()).allSatisfy(outcome -> assertThat(outcome.weight()).isEqualTo(1.0));
            StepResult last = first;
            for (List<Example> batch : stream.subList(1, 12)) {
                last = trainer.train(batch);
            }
            assertThat(trainer.counters().metaSteps()).isEqualTo(6);
            assertThat(trainer.counters().skippedMetaUpdates()).isZero();
            assertThat(last.curationOutcomes()).allSatisfy(outcome -> assertThat(outcome.weight()).isStrictlyBetween(0.0, 2.0));
            assertThat(last.curationOutcomes().stream().mapToDouble(CurationOutcome::weight).distinct().count())
                    .as("the meta steps moved the weights away from 1").isGreaterThan(1);

            byte[] state = trainer.snapshot();
            try (SamaTrainer restored = SamaTrainer.restore(config, state)) {
                for (List<Example> batch : stream.subList(12, 24)) {
                    SamaTrainerTest.assertSameOutcomes(trainer.train(batch), restored.train(batch));
                }
            }
            assertThatThrownBy(() -> SamaTrainer.restore(config.toBuilder().reweighterUsesClass(false).build(), state))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reweighter.0.weight");
        }
    }

    @Test
    void configurationSurvivesJavaSerialization() throws Exception {
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {4, 8, 2}, 0.0), 2)
                .reweighterUsesClass(true)
                .build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            TrainerConfig read = (TrainerConfig) in.readObject();
            assertThat(read).isEqualTo(config);
            assertThat(read.reweighterUsesClass()).isTrue();
        }
        assertThat(TrainerConfig.builder(new ModelSpec.Mlp(new int[] {4, 8, 2}, 0.0), 2).build().reweighterUsesClass())
                .isFalse();
    }
}
