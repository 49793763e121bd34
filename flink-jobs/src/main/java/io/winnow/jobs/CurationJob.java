package io.winnow.jobs;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.JobOptions;
import io.winnow.jobs.config.KafkaSettings;
import io.winnow.jobs.config.RestartPolicy;
import io.winnow.jobs.ingest.InputSources;
import io.winnow.jobs.ingest.RawRecord;
import io.winnow.jobs.ingest.SampleValidator;
import io.winnow.jobs.ingest.IntakeTally;
import io.winnow.jobs.ingest.ValidateFunction;
import io.winnow.jobs.output.KafkaMessage;
import io.winnow.jobs.output.KafkaMessageSerializer;
import io.winnow.jobs.output.OutputEncoders;
import io.winnow.jobs.output.OutputFraming;
import io.winnow.jobs.output.OutputSchemas;
import io.winnow.operator.CuratedRecord;
import io.winnow.operator.MetricsRecord;
import io.winnow.operator.PredictionRecord;
import io.winnow.operator.PretrainingWeightRecord;
import io.winnow.operator.SamaCurationOperator;
import io.winnow.operator.TaskSample;
import io.winnow.schemas.AvroTrust;
import io.winnow.schemas.SchemaRegistryClient;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The continuous curation job: training and trusted samples from Kafka, validation with dead
 * letters, the SAMA curation operator keyed by task on the "gpu" slot-sharing group, and
 * exactly-once Kafka sinks for curated results, metrics and dead letters.
 *
 * <pre>
 * samples ─► source ─► validate ─┬─► dead letters ─────────────────────────────► dlq
 * trusted ─► source ─► validate ─┤
 *                                └─► keyBy(task) ─► SAMA curation ─┬─► curated
 *                                                                  ├─► pretraining weights
 *                                                                  └─► metrics
 * </pre>
 */
@PublicEvolving
public final class CurationJob {

    private static final Logger LOG = LoggerFactory.getLogger(CurationJob.class);

    public static final String CURATION_SLOT_SHARING_GROUP = "gpu";

    private CurationJob() {}

    /** The checkpoint interval when neither the job's file nor the cluster sets one: exactly-once output needs checkpoints. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * Flink settings the job's own file sets, which take precedence over the cluster's: file-system
     * checkpoint storage when {@code job.checkpoint-dir} is set (trainer state is megabytes per task,
     * beyond what the JobManager may hold in memory), and fixed-delay restarts when
     * {@code job.restart-*} is set. Whatever the file leaves out, the cluster's configuration decides.
     */
    public static Configuration flinkConfiguration(JobConfig config) {
        Configuration flink = new Configuration();
        if (config.checkpointDirectory() != null) {
            LOG.info("job.checkpoint-dir = {}: overrides the cluster's execution.checkpointing.dir", config.checkpointDirectory());
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDirectory());
        }
        RestartPolicy restart = config.restart();
        if (restart != null) {
            LOG.info("{} = {}, {} = {}: fixed-delay restarts override the cluster's restart-strategy",
                    JobOptions.RESTART_ATTEMPTS.key(), restart.attempts(), JobOptions.RESTART_DELAY.key(), restart.delay());
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restart.attempts());
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restart.delay());
        }
        return flink;
    }

    /**
     * Task slots a TaskManager needs to run the job alone: the sources and validation take
     * {@code job.parallelism} slots of the default group; the curation operator runs in its own
     * slot-sharing group ({@value #CURATION_SLOT_SHARING_GROUP}), and the encoders and sinks after it
     * inherit that group at {@code job.parallelism}, so the group needs the larger of the two.
     */
    public static int slotsNeeded(JobConfig config) {
        return config.parallelism() + Math.max(config.parallelism(), config.curationParallelism());
    }

    /**
     * {@link #flinkConfiguration} plus what a JVM without a cluster needs: enough task slots (a local
     * environment's MiniCluster otherwise has as many as the job's highest parallelism, and the job
     * would wait for a second slot forever), and, unless the job's file sets restarts, the job's
     * default fixed-delay restarts, so that a failing local run ends failed instead of restarting
     * without end (there is no cluster whose strategy could apply). For local environments only: on
     * a cluster the restart strategy is the cluster's unless the job's file sets one.
     */
    public static Configuration localConfiguration(JobConfig config) {
        Configuration flink = flinkConfiguration(config);
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, slotsNeeded(config));
        if (config.restart() == null) {
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RestartPolicy.DEFAULT_ATTEMPTS);
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RestartPolicy.DEFAULT_DELAY);
        }
        return flink;
    }

    /**
     * Exactly-once checkpoints at the interval its owner sets: the job's {@code job.checkpoint-interval}
     * when given (logged when it overrides the cluster's), else the cluster's
     * {@code execution.checkpointing.interval}, else {@link #DEFAULT_CHECKPOINT_INTERVAL}. Refuses an
     * interval the Kafka transaction timeout does not outlast.
     */
    static void configureCheckpoints(StreamExecutionEnvironment env, JobConfig config) {
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        String source;
        Duration interval = config.checkpointInterval();
        if (interval != null) {
            if (checkpoints.isCheckpointingEnabled() && checkpoints.getCheckpointInterval() != interval.toMillis()) {
                LOG.info("{} = {}: overrides the cluster's execution.checkpointing.interval ({} ms)",
                        JobOptions.CHECKPOINT_INTERVAL.key(), interval, checkpoints.getCheckpointInterval());
            }
            checkpoints.setCheckpointInterval(interval.toMillis());
            source = JobOptions.CHECKPOINT_INTERVAL.key();
        } else if (checkpoints.isCheckpointingEnabled()) {
            source = "the cluster's execution.checkpointing.interval";
        } else {
            LOG.info("neither job.checkpoint-interval nor the cluster's execution.checkpointing.interval is set: "
                    + "checkpoints every {} (exactly-once output commits with each checkpoint)", DEFAULT_CHECKPOINT_INTERVAL);
            checkpoints.setCheckpointInterval(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
            source = "the job's default";
        }
        if (checkpoints.getCheckpointingConsistencyMode() != CheckpointingMode.EXACTLY_ONCE) {
            LOG.warn("the cluster asks for {} checkpoints: the job needs exactly-once and sets it",
                    checkpoints.getCheckpointingConsistencyMode());
            checkpoints.setCheckpointingConsistencyMode(CheckpointingMode.EXACTLY_ONCE);
        }
        JobConfig.requireTransactionsOutlast(config.kafka(), Duration.ofMillis(checkpoints.getCheckpointInterval()), source);
    }

    /** Adds the job to {@code env}. */
    public static void addTo(StreamExecutionEnvironment env, JobConfig config) {
        addTo(env, config, UnaryOperator.identity());
    }

    /**
     * Adds the job to {@code env}; {@code beforeCuration} may wrap the validated sample stream
     * (tests use it to inject failures).
     */
    public static void addTo(StreamExecutionEnvironment env, JobConfig config,
            UnaryOperator<DataStream<TaskSample>> beforeCuration) {
        AvroTrust.trustGeneratedClasses();
        configureCheckpoints(env, config);
        env.setParallelism(config.parallelism());
        SampleValidator validator = new SampleValidator(config.tasks(), config.limits(), config.topics(), config.bounded(),
                config.schemaRegistry().endpoint());
        OutputFraming framing = outputFraming(config);

        SingleOutputStreamOperator<TaskSample> training = validated(env, validator, framing, InputSources.samples(config), IntakeTally.TRAINING, config.bounded(),
                config.files().enabled());
        DataStream<KafkaMessage> deadLetters = training.getSideOutput(ValidateFunction.DEAD_LETTERS);
        DataStream<TaskSample> samples = training;
        // A replay over files may come without trusted files; a Kafka job always reads both topics.
        if (!config.files().enabled() || !config.files().trusted().isEmpty()) {
            SingleOutputStreamOperator<TaskSample> trusted = validated(env, validator, framing, InputSources.trusted(config), "trusted", config.bounded(),
                    config.files().enabled());
            deadLetters = deadLetters.union(trusted.getSideOutput(ValidateFunction.DEAD_LETTERS));
            samples = training.union(trusted);
        }

        SingleOutputStreamOperator<CuratedRecord> curated = beforeCuration.apply(samples)
                .keyBy(sample -> sample.task, Types.STRING)
                .transform("sama-curation", TypeInformation.of(CuratedRecord.class),
                        new SamaCurationOperator(config.trainerConfigs(), config.batching(), config.engineThreads()))
                .uid("sama-curation")
                .setParallelism(config.curationParallelism())
                .slotSharingGroup(CURATION_SLOT_SHARING_GROUP);

        // A chain of its own: Avro encoding and the Kafka producer's work then run beside training, not inside
        // the curation task's thread, which the training step should have to itself.
        curated.map(record -> OutputEncoders.curated(record, System.currentTimeMillis(), framing))
                .returns(KafkaMessage.class).name("encode-curated").uid("encode-curated").startNewChain()
                .sinkTo(sink(config, config.topics().curated(), "curated")).name("curated-sink").uid("curated-sink");
        curated.getSideOutput(SamaCurationOperator.METRICS)
                .map((MetricsRecord record) -> OutputEncoders.metrics(record, System.currentTimeMillis(), framing))
                .returns(KafkaMessage.class).name("encode-metrics").uid("encode-metrics")
                .sinkTo(sink(config, config.topics().metrics(), "metrics")).name("metrics-sink").uid("metrics-sink");
        deadLetters.sinkTo(sink(config, config.topics().deadLetters(), "dlq")).name("dlq-sink").uid("dlq-sink");
        if (config.hasContinuedPretraining()) {
            curated.getSideOutput(SamaCurationOperator.PRETRAINING_WEIGHTS)
                    .map((PretrainingWeightRecord record) -> OutputEncoders.pretrainingWeight(record, System.currentTimeMillis(), framing))
                    .returns(KafkaMessage.class).name("encode-pretraining-weights").uid("encode-pretraining-weights")
                    .sinkTo(sink(config, config.topics().pretrainingWeights(), "pretraining-weights"))
                    .name("pretraining-weights-sink").uid("pretraining-weights-sink");
        }
        if (config.bounded()) {
            curated.getSideOutput(SamaCurationOperator.PREDICTIONS)
                    .map((PredictionRecord record) -> OutputEncoders.prediction(record, System.currentTimeMillis(), framing))
                    .returns(KafkaMessage.class).name("encode-predictions").uid("encode-predictions")
                    .sinkTo(sink(config, config.topics().predictions(), "predictions")).name("predictions-sink")
                    .uid("predictions-sink");
        }
    }

    /**
     * Single-object values, or the registry's framing with the ids of the output schemas registered now,
     * before the job runs: a registry that refuses a schema stops the job here, before anything is written.
     */
    static OutputFraming outputFraming(JobConfig config) {
        if (!config.schemaRegistry().writesRegistryFraming()) {
            return OutputFraming.singleObject();
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistry().endpoint());
        OutputFraming framing = OutputSchemas.register(registry, config.topics());
        LOG.info("output values use the schema registry at {} (subjects <topic>-value, {} compatibility)",
                registry.endpoint().url(), OutputSchemas.COMPATIBILITY);
        return framing;
    }

    private static SingleOutputStreamOperator<TaskSample> validated(StreamExecutionEnvironment env,
            SampleValidator validator, OutputFraming framing, Source<RawRecord, ?, ?> source, String name, boolean bounded, boolean files) {
        // Explicit type: a HybridSource of several epochs cannot tell its element type.
        DataStreamSource<RawRecord> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-source",
                TypeInformation.of(RawRecord.class));
        if (files) {
            records.setParallelism(InputSources.FILE_READERS);
        }
        return records.uid(name + "-source")
                .process(new ValidateFunction(validator, framing, bounded, name))
                .name("validate-" + name).uid("validate-" + name);
    }

    static KafkaSink<KafkaMessage> sink(JobConfig config, String topic, String name) {
        KafkaSettings kafka = config.kafka();
        Properties properties = kafka.clientProperties(new Properties());
        properties.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(kafka.transactionTimeout().toMillis()));
        return KafkaSink.<KafkaMessage>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.jobName() + "-" + name)
                .setRecordSerializer(new KafkaMessageSerializer(topic))
                .build();
    }
}
