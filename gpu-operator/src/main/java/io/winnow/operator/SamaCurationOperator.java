package io.winnow.operator;

import io.winnow.sama.Example;
import io.winnow.sama.CurationOutcome;
import io.winnow.sama.ExampleOutcome;
import io.winnow.sama.PretrainingOutcome;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.StepResult;
import io.winnow.sama.TrainerConfig;
import io.winnow.sama.device.EngineSettings;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hosts one SAMA trainer per curation task, keyed by task. Training samples wait in keyed state
 * until a batch is full or its maximum wait is over; trusted samples go straight into the task's
 * trusted buffer. Each training sample yields one {@link CuratedRecord} (for a continued-pretraining
 * task: one {@link PretrainingWeightRecord} on the {@link #PRETRAINING_WEIGHTS} side output); each
 * meta step one {@link MetricsRecord} on the {@link #METRICS} side output.
 *
 * <p>State: pending samples live in keyed state as they arrive. A trainer's state (model,
 * optimizers, buffers, generator) is serialised into keyed state only when a checkpoint is about
 * to be taken, since serialising a model per batch would cost more than training it. After a
 * restore a task's trainer continues from its checkpointed state, including its model version.
 *
 * <p>Device: the first GPU of Flink's "gpu" external resource when the TaskManager has one,
 * otherwise the task's configured device (CPU by default).
 */
@PublicEvolving
public final class SamaCurationOperator extends AbstractStreamOperator<CuratedRecord>
        implements OneInputStreamOperator<TaskSample, CuratedRecord>, BoundedOneInput, Triggerable<String, VoidNamespace> {

    public static final OutputTag<MetricsRecord> METRICS =
            new OutputTag<>("winnow-metrics", TypeInformation.of(MetricsRecord.class));
    /** Predictions of the final model for the evaluation samples of a bounded run, emitted at its end. */
    /** One result per training sample of a continued-pretraining task, instead of a curated record. */
    public static final OutputTag<PretrainingWeightRecord> PRETRAINING_WEIGHTS =
            new OutputTag<>("winnow-pretraining-weights", TypeInformation.of(PretrainingWeightRecord.class));

    public static final OutputTag<PredictionRecord> PREDICTIONS =
            new OutputTag<>("winnow-predictions", TypeInformation.of(PredictionRecord.class));
    static final String PENDING_STATE = "pending-samples";
    static final String EVALUATION_STATE = "evaluation-samples";

    private static final long serialVersionUID = 1L;

    private final HashMap<String, TrainerConfig> tasks;
    private final BatchingPolicy batching;
    private final int engineThreads;

    private transient ValueState<byte[]> trainerState;
    private transient ListState<TaskSample> pending;
    private transient ListState<TaskSample> evaluation;
    private transient ValueState<Integer> pendingCount;
    private transient ValueState<Long> deadline;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Map<String, SamaTrainer> trainers;
    private transient Set<String> changedSinceSnapshot;
    private transient CurationMetrics metrics;
    private transient int gpuIndex;

    /**
     * @param engineThreads PyTorch intra-op threads on the CPU; keep it at the cores the slot may
     *     use (1 by default): more threads than cores make training several times slower when
     *     Flink's and Kafka's threads compete for the same cores
     */
    public SamaCurationOperator(Map<String, TrainerConfig> tasks, BatchingPolicy batching, int engineThreads) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no curation tasks configured");
        }
        this.tasks = new HashMap<>(tasks);
        this.batching = batching;
        this.engineThreads = engineThreads;
    }

    @Override
    public void open() throws Exception {
        super.open();
        EngineSettings.threads(engineThreads, 1);
        trainerState = getPartitionedState(new ValueStateDescriptor<>("trainer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getPartitionedState(new ListStateDescriptor<>(PENDING_STATE, TypeInformation.of(TaskSample.class)));
        evaluation = getPartitionedState(new ListStateDescriptor<>(EVALUATION_STATE, TypeInformation.of(TaskSample.class)));
        pendingCount = getPartitionedState(new ValueStateDescriptor<>("pending-count", Types.INT));
        deadline = getPartitionedState(new ValueStateDescriptor<>("batch-deadline", Types.LONG));
        timers = getInternalTimerService("batch-timeout", VoidNamespaceSerializer.INSTANCE, this);
        trainers = new HashMap<>();
        changedSinceSnapshot = new HashSet<>();
        metrics = new CurationMetrics(getMetricGroup());
        gpuIndex = gpuFromExternalResources().orElse(-1);
    }

    private Optional<Integer> gpuFromExternalResources() {
        Set<ExternalResourceInfo> gpus = getRuntimeContext().getExternalResourceInfos("gpu");
        return gpus.stream()
                .map(info -> info.getProperty("index"))
                .flatMap(Optional::stream)
                .map(Integer::parseInt)
                .sorted()
                .findFirst();
    }

    @Override
    public void processElement(StreamRecord<TaskSample> element) throws Exception {
        TaskSample sample = element.getValue();
        String task = currentTask();
        if (sample.evaluation) {
            evaluation.add(sample); // predicted by the final model when the input ends
            return;
        }
        if (sample.trusted) {
            trainer(task).addTrusted(List.of(sample.example));
            changedSinceSnapshot.add(task);
            metrics.trusted(task, 1);
            return;
        }
        pending.add(sample);
        int count = pendingCount.value() == null ? 1 : pendingCount.value() + 1;
        pendingCount.update(count);
        if (count == 1) {
            long due = timers.currentProcessingTime() + batching.maxWaitMillis();
            deadline.update(due);
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, due);
        }
        if (count >= batching.batchSize()) {
            trainPending(task);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Long due = deadline.value();
        // A timer of a batch that already filled up (and was trained) is stale.
        if (due != null && due == timer.getTimestamp()) {
            trainPending(timer.getKey());
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // Batching runs on processing time only.
    }

    private void trainPending(String task) throws Exception {
        List<TaskSample> batch = new ArrayList<>();
        Iterable<TaskSample> stored = pending.get();
        if (stored != null) {
            stored.forEach(batch::add);
        }
        pending.clear();
        pendingCount.clear();
        deadline.clear();
        if (batch.isEmpty()) {
            return;
        }
        List<Example> examples = new ArrayList<>(batch.size());
        for (TaskSample sample : batch) {
            examples.add(sample.example);
        }
        StepResult result = trainer(task).train(examples);
        changedSinceSnapshot.add(task);
        metrics.step(task, result);
        List<ExampleOutcome> outcomes = result.outcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            long eventTime = batch.get(i).eventTime;
            if (outcomes.get(i) instanceof CurationOutcome curation) {
                output.collect(new StreamRecord<>(CuratedRecord.of(task, curation, eventTime)));
            } else if (outcomes.get(i) instanceof PretrainingOutcome pretraining) {
                output.collect(PRETRAINING_WEIGHTS, new StreamRecord<>(PretrainingWeightRecord.of(task, pretraining, eventTime)));
            }
        }
        result.metaStep().ifPresent(report ->
                output.collect(METRICS, new StreamRecord<>(MetricsRecord.of(task, report))));
    }

    /** The task's trainer: in memory, else restored from keyed state, else new. */
    private SamaTrainer trainer(String task) throws Exception {
        SamaTrainer trainer = trainers.get(task);
        if (trainer != null) {
            return trainer;
        }
        TrainerConfig config = tasks.get(task);
        if (config == null) {
            throw new IllegalStateException("no configuration for task '" + task + "' (validation should have dropped it)");
        }
        if (gpuIndex >= 0) {
            config = config.toBuilder().gpuIndex(gpuIndex).build();
        }
        byte[] saved = trainerState.value();
        trainer = saved == null ? SamaTrainer.create(config) : SamaTrainer.restore(config, saved);
        trainers.put(task, trainer);
        return trainer;
    }

    private String currentTask() {
        return (String) getCurrentKey();
    }

    /** Writes the trainers that changed since the last checkpoint into keyed state, just before the barrier. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        for (String task : changedSinceSnapshot) {
            setCurrentKey(task);
            trainerState.update(trainers.get(task).snapshot());
        }
        changedSinceSnapshot.clear();
    }

    /**
     * End of a bounded input: train what is still pending, so every sample gets its result, then
     * let the final model predict the evaluation samples.
     */
    @Override
    public void endInput() throws Exception {
        for (String task : keysWith(PENDING_STATE)) {
            setCurrentKey(task);
            trainPending(task);
        }
        for (String task : keysWith(EVALUATION_STATE)) {
            setCurrentKey(task);
            predictEvaluation(task);
        }
    }

    private List<String> keysWith(String state) {
        try (Stream<Object> keys = getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.map(String.class::cast).collect(Collectors.toList());
        }
    }

    private void predictEvaluation(String task) throws Exception {
        List<TaskSample> samples = new ArrayList<>();
        Iterable<TaskSample> stored = evaluation.get();
        if (stored != null) {
            stored.forEach(samples::add);
        }
        evaluation.clear();
        SamaTrainer trainer = trainer(task);
        int chunk = Math.max(1, batching.batchSize() * 8);
        for (int start = 0; start < samples.size(); start += chunk) {
            List<TaskSample> part = samples.subList(start, Math.min(samples.size(), start + chunk));
            List<Example> examples = new ArrayList<>(part.size());
            part.forEach(sample -> examples.add(sample.example));
            float[][] probabilities = trainer.predict(examples);
            for (int i = 0; i < part.size(); i++) {
                output.collect(PREDICTIONS, new StreamRecord<>(
                        PredictionRecord.of(task, part.get(i), probabilities[i], trainer.modelVersion())));
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (trainers != null) {
            trainers.values().forEach(SamaTrainer::close);
            trainers.clear();
        }
        super.close();
    }
}
