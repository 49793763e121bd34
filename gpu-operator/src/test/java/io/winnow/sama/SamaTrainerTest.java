package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.ModelSpec;
import io.winnow.sama.model.TextClassifierSpec;
import io.winnow.sama.optim.OptimizerSpec;
import io.winnow.sama.synthetic.NoisyClusters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** The trainer end to end on the real engine: outputs, state, determinism, guards. */
class SamaTrainerTest {

    private static final NoisyClusters DATA = new NoisyClusters(8, 3, 6, 256, 40, 10, 0.3, 1.0);

    private static TrainerConfig.Builder mlpConfig() {
        return TrainerConfig.builder(new ModelSpec.Mlp(new int[] {6, 16, 3}, 0.2), 3)
                .hypergradient(HypergradientSpec.Method.SAMA)
                .reweight(true)
                .correctLabels(true)
                .reweighterUsesUncertainty(true)
                .labelingFunctions(2)
                .baseOptimizer(OptimizerSpec.adamW(3e-3, 0.01))
                .metaOptimizer(OptimizerSpec.adam(1e-2))
                .unroll(3)
                .metaBatchSize(16)
                .bufferCapacity(32)
                .seed(42);
    }

    private static List<List<Example>> batches(int count, long seed) {
        Random random = new Random(seed);
        List<List<Example>> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<Example> batch = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Example example = DATA.train().get(random.nextInt(DATA.train().size()));
                int[] votes = {random.nextInt(4) - 1, example.label()};
                batch.add(example.withVotes(votes));
            }
            batches.add(batch);
        }
        return batches;
    }

    @Test
    void emitsOneOutcomePerExampleWithWeightsInRangeAndValidLabels() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            trainer.addTrusted(DATA.trusted());
            int metaReports = 0;
            for (List<Example> batch : batches(9, 1)) {
                StepResult result = trainer.train(batch);
                assertThat(result.curationOutcomes()).hasSize(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    CurationOutcome outcome = result.curationOutcomes().get(i);
                    assertThat(outcome.id()).isEqualTo(batch.get(i).id());
                    assertThat(outcome.weight()).isBetween(0.0, 2.0);
                    assertThat(outcome.correctedLabel()).isBetween(0, 2);
                    assertThat(outcome.givenLabel()).isEqualTo(batch.get(i).label());
                    assertThat(outcome.loss()).isFinite().isGreaterThanOrEqualTo(0);
                    assertThat(outcome.uncertainty()).isBetween(0.0, 1.0);
                    float sum = 0;
                    for (float p : outcome.correctedDistribution()) {
                        sum += p;
                    }
                    assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
                }
                metaReports += result.metaStep().isPresent() ? 1 : 0;
            }
            assertThat(metaReports).isEqualTo(3);
            assertThat(trainer.counters().modelVersion()).isEqualTo(9);
            assertThat(trainer.counters().metaSteps()).isEqualTo(3);
        }
    }

    @Test
    void weightsStartAtOneAndLabelsAsGiven() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            StepResult first = trainer.train(batches(1, 2).get(0));
            for (CurationOutcome outcome : first.curationOutcomes()) {
                assertThat(outcome.weight()).isEqualTo(1.0);
                assertThat(outcome.correctedLabel()).isEqualTo(outcome.givenLabel());
                assertThat(outcome.correctedDistribution()[outcome.givenLabel()]).isEqualTo(1f);
                assertThat(outcome.modelVersion()).isZero();
            }
        }
    }

    @Test
    void restoredTrainerContinuesBitIdentically() {
        List<List<Example>> stream = batches(14, 3);
        TrainerConfig config = mlpConfig().build();
        try (SamaTrainer original = SamaTrainer.create(config)) {
            original.addTrusted(DATA.trusted());
            for (List<Example> batch : stream.subList(0, 7)) {
                original.train(batch);
            }
            byte[] state = original.snapshot();
            try (SamaTrainer restored = SamaTrainer.restore(config, state)) {
                assertThat(restored.counters()).isEqualTo(original.counters());
                for (List<Example> batch : stream.subList(7, 14)) {
                    assertSameOutcomes(original.train(batch), restored.train(batch));
                }
                assertSameArrays(original.baseParameters().arrays(), restored.baseParameters().arrays());
                assertSameArrays(original.metaParameters().arrays(), restored.metaParameters().arrays());
                assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            }
        }
    }

    /**
     * Every meta-level extra on at once: label model, trusted model (reading votes) and its gate, votes into
     * the reweighting net, trusted mixing.
     */
    private static TrainerConfig.Builder everythingOn() {
        return mlpConfig()
                .coupling(CorrectionCoupling.COMPLEMENTARY)
                .correctorGate(io.winnow.sama.meta.CorrectorGate.SIGMOID)
                .reweighCorrectedLoss(true)
                .reweighterUsesVotes(true)
                .labelModel(io.winnow.sama.label.LabelModelSpec.defaults())
                .trustedModel(true)
                .trustedModelReadsVotes(true)
                .trustedGate(TrustedGateSpec.defaults())
                .trustedPerBatch(4);
    }

    @Test
    void trainerWithLabelModelTrustedModelAndMixingResumesBitIdentically() {
        List<List<Example>> stream = batches(14, 5);
        TrainerConfig config = everythingOn().build();
        List<Example> trusted = DATA.trusted().stream().map(e -> e.withVotes(new int[] {-1, e.label()})).toList();
        try (SamaTrainer original = SamaTrainer.create(config)) {
            original.addTrusted(trusted);
            for (List<Example> batch : stream.subList(0, 7)) {
                original.train(batch);
            }
            try (SamaTrainer restored = SamaTrainer.restore(config, original.snapshot())) {
                for (List<Example> batch : stream.subList(7, 14)) {
                    assertSameOutcomes(original.train(batch), restored.train(batch));
                }
                assertSameArrays(original.baseParameters().arrays(), restored.baseParameters().arrays());
                assertSameArrays(original.metaParameters().arrays(), restored.metaParameters().arrays());
                assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            }
            assertThatThrownBy(() -> SamaTrainer.restore(mlpConfig().build(), original.snapshot()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Before any trusted sample the trusted model knows nothing, so its gate stays open. */
    @Test
    void trustedGateStaysOpenUntilTrustedSamplesArrive() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().trustedGate(TrustedGateSpec.defaults()).build())) {
            for (CurationOutcome outcome : trainer.train(batches(1, 2).get(0)).curationOutcomes()) {
                assertThat(outcome.weight()).isEqualTo(1.0);
            }
            trainer.addTrusted(DATA.trusted());
            List<Double> gated = trainer.train(batches(1, 3).get(0)).curationOutcomes().stream()
                    .map(CurationOutcome::weight).toList();
            assertThat(gated).allSatisfy(w -> assertThat(w).isBetween(0.0, 1.0)).anySatisfy(w -> assertThat(w).isLessThan(0.5));
        }
    }

    /** The gate holds only running means: state written with it off restores with it on, and back. */
    @Test
    void trustedGateCanBeSwitchedAcrossARestore() {
        TrainerConfig gated = mlpConfig().trustedGate(TrustedGateSpec.defaults()).build();
        TrainerConfig ungated = mlpConfig().trustedGate(TrustedGateSpec.OFF).build();
        List<List<Example>> stream = batches(4, 7);
        for (TrainerConfig[] pair : new TrainerConfig[][] {{ungated, gated}, {gated, ungated}}) {
            try (SamaTrainer before = SamaTrainer.create(pair[0])) {
                before.addTrusted(DATA.trusted());
                before.train(stream.get(0));
                before.train(stream.get(1));
                try (SamaTrainer after = SamaTrainer.restore(pair[1], before.snapshot())) {
                    assertThat(after.counters()).isEqualTo(before.counters());
                    assertSameArrays(before.baseParameters().arrays(), after.baseParameters().arrays());
                    List<Double> weights = after.train(stream.get(2)).curationOutcomes().stream()
                            .map(CurationOutcome::weight).toList();
                    if (pair[1] == gated) {
                        assertThat(weights).as("the restored gate acts").anySatisfy(w -> assertThat(w).isLessThan(0.5));
                    } else {
                        assertThat(weights).allSatisfy(w -> assertThat(w).isBetween(0.0, 2.0));
                    }
                }
            }
        }
    }

    @Test
    void trustedSamplesMixedIntoABatchGetNoOutcome() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().trustedPerBatch(8).build())) {
            trainer.addTrusted(DATA.trusted());
            List<Example> batch = batches(1, 9).get(0);
            StepResult result = trainer.train(batch);
            assertThat(result.curationOutcomes()).extracting(CurationOutcome::id)
                    .containsExactlyElementsOf(batch.stream().map(Example::id).toList());
        }
    }

    @Test
    void metaLevelExtrasRefuseSettingsTheyCannotServe() {
        assertThatThrownBy(() -> mlpConfig().labelingFunctions(0).reweighterUsesVotes(true).build())
                .hasMessageContaining("labeling functions");
        assertThatThrownBy(() -> mlpConfig().labelingFunctions(0).labelModel(io.winnow.sama.label.LabelModelSpec.defaults())
                .build()).hasMessageContaining("label model");
        assertThatThrownBy(() -> mlpConfig().trustedModel(true).metaData(MetaDataSource.RECENT_TRAINING).build())
                .hasMessageContaining("trusted model");
        assertThatThrownBy(() -> mlpConfig().coupling(CorrectionCoupling.COMPLEMENTARY).normalizeWeights(true).build())
                .hasMessageContaining("complementary");
        assertThatThrownBy(() -> mlpConfig().trustedPerBatch(-1).build()).hasMessageContaining("trustedPerBatch");
    }

    @Test
    void textModelWithTransformerEncoderResumesBitIdentically() {
        TextClassifierSpec spec = new TextClassifierSpec(50, 12, 16, 1, 2, 32, new int[] {16}, 3, 0.1);
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Text(spec), 3)
                .hypergradient(HypergradientSpec.Method.SAMA).correctLabels(true).unroll(2).metaBatchSize(8)
                .bufferCapacity(16).seed(5).build();
        Random random = new Random(9);
        List<List<Example>> stream = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            List<Example> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int[] tokens = new int[1 + random.nextInt(12)];
                for (int t = 0; t < tokens.length; t++) {
                    tokens[t] = 1 + random.nextInt(49);
                }
                batch.add(Example.tokens("t" + b + "-" + i, tokens, random.nextInt(3)));
            }
            stream.add(batch);
        }
        try (SamaTrainer original = SamaTrainer.create(config)) {
            original.addTrusted(stream.get(0));
            original.train(stream.get(1));
            original.train(stream.get(2));
            try (SamaTrainer restored = SamaTrainer.restore(config, original.snapshot())) {
                for (List<Example> batch : stream.subList(3, 6)) {
                    assertSameOutcomes(original.train(batch), restored.train(batch));
                }
            }
        }
    }

    @Test
    void sameSeedSameResultsAndTrainersOnSeparateThreadsDoNotInterfere() throws Exception {
        List<List<Example>> stream = batches(6, 4);
        List<StepResult> sequential = runAll(stream);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<StepResult>> a = pool.submit(() -> runAll(stream));
            Future<List<StepResult>> b = pool.submit(() -> runAll(stream));
            List<StepResult> first = a.get();
            List<StepResult> second = b.get();
            for (int i = 0; i < stream.size(); i++) {
                assertSameOutcomes(sequential.get(i), first.get(i));
                assertSameOutcomes(sequential.get(i), second.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<StepResult> runAll(List<List<Example>> stream) {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            trainer.addTrusted(DATA.trusted());
            List<StepResult> results = new ArrayList<>();
            for (List<Example> batch : stream) {
                results.add(trainer.train(batch));
            }
            return results;
        }
    }

    @Test
    void nonFiniteLossSkipsTheUpdateAndCountsIt() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            trainer.train(batches(1, 5).get(0));
            byte[] before = trainer.snapshot();
            float[] huge = new float[6];
            java.util.Arrays.fill(huge, Float.MAX_VALUE);
            List<Example> poisoned = new ArrayList<>(batches(1, 6).get(0));
            poisoned.set(0, Example.dense("poison", huge, 1));
            StepResult result = trainer.train(poisoned);
            assertThat(result.updateApplied()).isFalse();
            assertThat(trainer.counters().skippedBaseUpdates()).isEqualTo(1);
            assertThat(trainer.counters().modelVersion()).isEqualTo(1);
            assertThat(result.curationOutcomes().get(0).weight()).isZero();
            assertThat(result.curationOutcomes().get(0).correctedLabel()).isEqualTo(1);
            try (SamaTrainer untouched = SamaTrainer.restore(mlpConfig().build(), before)) {
                assertSameArrays(untouched.baseParameters().arrays(), trainer.baseParameters().arrays());
            }
        }
    }

    @Test
    void pruningModeDrawsMetaBatchesFromRecentTrainingSamples() {
        TrainerConfig config = mlpConfig().metaData(MetaDataSource.RECENT_TRAINING).correctLabels(false).build();
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            for (List<Example> batch : batches(6, 7)) {
                trainer.train(batch);
            }
            assertThat(trainer.counters().metaSteps()).isEqualTo(2);
            assertThat(trainer.counters().metaStepsWithoutData()).isZero();
            assertThat(trainer.trustedSize()).isZero();
        }
    }

    @Test
    void pruningModeFromEverySeenSampleKeepsAUniformReservoirAndResumesBitIdentically() {
        // 14 batches of 16 into a buffer of 32: the reservoir is full after 2 and then replaces at random.
        TrainerConfig config = mlpConfig().metaData(MetaDataSource.SEEN_TRAINING).correctLabels(false).build();
        List<List<Example>> stream = batches(14, 9);
        try (SamaTrainer original = SamaTrainer.create(config)) {
            for (List<Example> batch : stream.subList(0, 7)) {
                original.train(batch);
            }
            assertThat(original.counters().metaSteps()).isEqualTo(2);
            assertThat(original.counters().metaStepsWithoutData()).isZero();
            try (SamaTrainer restored = SamaTrainer.restore(config, original.snapshot())) {
                for (List<Example> batch : stream.subList(7, 14)) {
                    assertSameOutcomes(original.train(batch), restored.train(batch));
                }
                assertSameArrays(original.metaParameters().arrays(), restored.metaParameters().arrays());
                assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            }
        }
    }

    @Test
    void metaStepsWithoutTrustedDataAreCountedAndLambdaStays() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            byte[] lambdaBefore = lambdaBytes(trainer);
            for (List<Example> batch : batches(3, 8)) {
                trainer.train(batch);
            }
            assertThat(trainer.counters().metaStepsWithoutData()).isEqualTo(1);
            assertThat(lambdaBytes(trainer)).isEqualTo(lambdaBefore);
        }
    }

    @Test
    void finetuneTakesNoMetaSteps() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().hypergradient(HypergradientSpec.Method.FINETUNE).build())) {
            trainer.addTrusted(DATA.trusted());
            for (List<Example> batch : batches(4, 9)) {
                assertThat(trainer.train(batch).metaStep()).isEmpty();
            }
            assertThat(trainer.metaParameters().size()).isZero();
        }
    }

    @Test
    void rejectsExamplesThatDoNotFitTheTask() {
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            assertThatThrownBy(() -> trainer.train(List.of(Example.dense("bad-label", new float[6], 3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad-label");
            assertThatThrownBy(() -> trainer.train(List.of(Example.dense("short", new float[5], 0))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("short");
            assertThatThrownBy(() -> trainer.train(List.of(Example.dense("votes", new float[6], 0).withVotes(new int[] {1}))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("votes");
            assertThatThrownBy(() -> trainer.train(List.of(Example.dense("vote-range", new float[6], 0).withVotes(new int[] {1, 7}))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vote-range");
            assertThat(trainer.counters().baseSteps()).isZero();
        }
    }

    @Test
    void rejectsStateOfAnotherArchitectureAndCorruptBytes() {
        byte[] state;
        try (SamaTrainer trainer = SamaTrainer.create(mlpConfig().build())) {
            state = trainer.snapshot();
        }
        TrainerConfig wider = mlpConfig().model(new ModelSpec.Mlp(new int[] {6, 32, 3}, 0.2)).build();
        assertThatThrownBy(() -> SamaTrainer.restore(wider, state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mlp.0.weight");
        byte[] truncated = java.util.Arrays.copyOf(state, state.length / 2);
        assertThatThrownBy(() -> SamaTrainer.restore(mlpConfig().build(), truncated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> SamaTrainer.restore(mlpConfig().build(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationRejectsBadValuesWithTheirNames() {
        assertThatThrownBy(() -> mlpConfig().unroll(0).build()).hasMessageContaining("unroll");
        assertThatThrownBy(() -> mlpConfig().bufferCapacity(4).build()).hasMessageContaining("bufferCapacity");
        assertThatThrownBy(() -> mlpConfig().emaDecay(1.0).build()).hasMessageContaining("emaDecay");
        assertThatThrownBy(() -> mlpConfig().numClasses(1).build()).hasMessageContaining("numClasses");
        assertThatThrownBy(() -> mlpConfig().emaDecay(0).build()).hasMessageContaining("EMA");
        assertThatThrownBy(() -> SamaTrainer.create(mlpConfig().numClasses(4).build())).hasMessageContaining("classes");
        assertThatThrownBy(() -> SamaTrainer.create(mlpConfig().gpuIndex(7).build())).hasMessageContaining("GPU 7");
    }

    private static byte[] lambdaBytes(SamaTrainer trainer) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (NDArray array : trainer.metaParameters().arrays()) {
            out.writeBytes(array.toByteArray());
        }
        return out.toByteArray();
    }

    static void assertSameOutcomes(StepResult expected, StepResult actual) {
        assertThat(actual.baseLoss()).isEqualTo(expected.baseLoss());
        // Field by field, arrays element by element, every kind of outcome: bit-identical or not at all.
        assertThat(actual.outcomes()).usingRecursiveComparison().isEqualTo(expected.outcomes());
        assertThat(actual.metaStep().map(MetaStepReport::metaLoss)).isEqualTo(expected.metaStep().map(MetaStepReport::metaLoss));
    }

    static void assertSameArrays(List<NDArray> expected, List<NDArray> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).toByteArray()).isEqualTo(expected.get(i).toByteArray());
        }
    }
}
