package io.winnow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.Example;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.hyper.HypergradientSpec;
import io.winnow.sama.model.ModelSpec;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

/** The curation operator in Flink's keyed operator harness (real state backend, timers and snapshots). */
class SamaCurationOperatorTest {

    private static final Map<String, TrainerConfig> TASKS = Map.of(
            "spam", config(3, 2),
            "topics", config(3, 4));

    private static TrainerConfig config(int dimension, int classes) {
        return TrainerConfig.builder(new ModelSpec.Mlp(new int[] {dimension, 8, classes}, 0.0), classes)
                .hypergradient(HypergradientSpec.Method.SAMA).unroll(2).metaBatchSize(4).bufferCapacity(8).seed(1).build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TaskSample, CuratedRecord> harness(BatchingPolicy batching)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new SamaCurationOperator(TASKS, batching, 1), sample -> sample.task, Types.STRING);
    }

    private static final Random RANDOM = new Random(3);

    private static TaskSample sample(String task, String id, boolean trusted, int classes) {
        float[] x = {(float) RANDOM.nextGaussian(), (float) RANDOM.nextGaussian(), (float) RANDOM.nextGaussian()};
        return TaskSample.of(task, trusted, Example.dense(id, x, RANDOM.nextInt(classes)), 1000L + id.hashCode());
    }

    private static List<CuratedRecord> curated(ConcurrentLinkedQueue<Object> output) {
        List<CuratedRecord> records = new ArrayList<>();
        for (Object element : output) {
            if (element instanceof StreamRecord<?> record && record.getValue() instanceof CuratedRecord curated) {
                records.add(curated);
            }
        }
        return records;
    }

    @Test
    void trainsWhenABatchIsFullAndEmitsOneResultPerSample() throws Exception {
        try (var harness = harness(new BatchingPolicy(4, 60_000))) {
            harness.open();
            for (int i = 0; i < 3; i++) {
                harness.processElement(new StreamRecord<>(sample("spam", "s" + i, false, 2)));
            }
            assertThat(curated(harness.getOutput())).isEmpty();
            harness.processElement(new StreamRecord<>(sample("spam", "s3", false, 2)));
            List<CuratedRecord> out = curated(harness.getOutput());
            assertThat(out).extracting(r -> r.outcome.id()).containsExactly("s0", "s1", "s2", "s3");
            assertThat(out).allSatisfy(r -> {
                assertThat(r.task).isEqualTo("spam");
                assertThat(r.outcome.weight()).isEqualTo(1.0);
                assertThat(r.outcome.modelVersion()).isZero();
            });
            assertThat(out.get(2).eventTime).isEqualTo(1000L + "s2".hashCode());
        }
    }

    @Test
    void trainsAPartialBatchWhenItsMaximumWaitIsOver() throws Exception {
        try (var harness = harness(new BatchingPolicy(32, 200))) {
            harness.open();
            harness.setProcessingTime(0);
            harness.processElement(new StreamRecord<>(sample("spam", "a", false, 2)));
            harness.processElement(new StreamRecord<>(sample("spam", "b", false, 2)));
            harness.setProcessingTime(199);
            assertThat(curated(harness.getOutput())).isEmpty();
            harness.setProcessingTime(200);
            assertThat(curated(harness.getOutput())).extracting(r -> r.outcome.id()).containsExactly("a", "b");
        }
    }

    @Test
    void tasksKeepTheirOwnModelsAndMetaStepsUseTrustedSamples() throws Exception {
        try (var harness = harness(new BatchingPolicy(2, 60_000))) {
            harness.open();
            for (int i = 0; i < 4; i++) {
                harness.processElement(new StreamRecord<>(sample("topics", "t-trusted" + i, true, 4)));
            }
            for (int i = 0; i < 8; i++) {
                harness.processElement(new StreamRecord<>(sample("spam", "s" + i, false, 2)));
            }
            for (int i = 0; i < 2; i++) {
                harness.processElement(new StreamRecord<>(sample("topics", "t" + i, false, 4)));
            }
            List<CuratedRecord> out = curated(harness.getOutput());
            assertThat(out.stream().filter(r -> r.task.equals("spam")).mapToLong(r -> r.outcome.modelVersion()).max()).hasValue(3);
            assertThat(out.stream().filter(r -> r.task.equals("topics")).mapToLong(r -> r.outcome.modelVersion()).max()).hasValue(0);
            assertThat(out.stream().filter(r -> r.task.equals("topics"))).allSatisfy(r ->
                    assertThat(r.outcome.correctedDistribution()).hasSize(4));
            // spam has no trusted data, so its meta steps find none; topics has not reached its first meta step.
            assertThat(harness.getSideOutput(SamaCurationOperator.METRICS)).hasSize(2);
        }
    }

    @Test
    void restoredOperatorContinuesFromTheCheckpointedModelAndPendingSamples() throws Exception {
        OperatorSubtaskState snapshot;
        List<CuratedRecord> reference;
        try (var harness = harness(new BatchingPolicy(2, 60_000))) {
            harness.open();
            for (int i = 0; i < 6; i++) {
                harness.processElement(new StreamRecord<>(sample("spam", "s" + i, false, 2)));
            }
            harness.processElement(new StreamRecord<>(sample("spam", "pending", false, 2)));
            harness.prepareSnapshotPreBarrier(1);
            snapshot = harness.snapshot(1, 1);
            harness.processElement(new StreamRecord<>(sample("spam", "after", false, 2)));
            reference = curated(harness.getOutput());
        }
        assertThat(reference.get(reference.size() - 1).outcome.modelVersion()).isEqualTo(3);
        try (var restored = harness(new BatchingPolicy(2, 60_000))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(new StreamRecord<>(sample("spam", "after", false, 2)));
            List<CuratedRecord> out = curated(restored.getOutput());
            assertThat(out).extracting(r -> r.outcome.id()).containsExactly("pending", "after");
            assertThat(out).allSatisfy(r -> assertThat(r.outcome.modelVersion()).isEqualTo(3));
        }
    }

    @Test
    void evaluationSamplesArePredictedByTheFinalModelWhenTheInputEnds() throws Exception {
        try (var harness = harness(new BatchingPolicy(2, 60_000))) {
            harness.open();
            harness.processElement(new StreamRecord<>(TaskSample.evaluation("spam",
                    Example.dense("e1", new float[] {1f, 0f, 0f}, 1), 5L)));
            for (int i = 0; i < 6; i++) {
                harness.processElement(new StreamRecord<>(sample("spam", "s" + i, false, 2)));
            }
            harness.processElement(new StreamRecord<>(TaskSample.evaluation("spam",
                    Example.dense("e2", new float[] {0f, 1f, 0f}, Example.NO_LABEL), 6L)));
            assertThat(harness.getSideOutput(SamaCurationOperator.PREDICTIONS)).isNull();
            assertThat(curated(harness.getOutput())).hasSize(6);
            harness.endInput();
            List<PredictionRecord> predictions = new ArrayList<>();
            harness.getSideOutput(SamaCurationOperator.PREDICTIONS).forEach(r -> predictions.add(r.getValue()));
            assertThat(predictions).extracting(p -> p.id).containsExactly("e1", "e2");
            assertThat(predictions).allSatisfy(p -> {
                assertThat(p.modelVersion).isEqualTo(3);
                assertThat(p.probabilities).hasSize(2);
                assertThat(p.predictedLabel).isBetween(0, 1);
            });
            assertThat(predictions.get(0).givenLabel).isEqualTo(1);
            assertThat(predictions.get(1).givenLabel).isEqualTo(Example.NO_LABEL);
            assertThat(curated(harness.getOutput())).as("evaluation samples are not curated").hasSize(6);
        }
    }

    @Test
    void endOfInputTrainsWhatIsStillPending() throws Exception {
        try (var harness = harness(new BatchingPolicy(100, 60_000))) {
            harness.open();
            harness.processElement(new StreamRecord<>(sample("spam", "x", false, 2)));
            harness.processElement(new StreamRecord<>(sample("topics", "y", false, 4)));
            harness.endInput();
            assertThat(curated(harness.getOutput())).extracting(r -> r.outcome.id()).containsExactlyInAnyOrder("x", "y");
        }
    }
}
