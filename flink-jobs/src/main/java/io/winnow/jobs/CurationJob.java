package io.winnow.jobs;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.KafkaSettings;
import io.winnow.jobs.ingest.InputSources;
import io.winnow.jobs.ingest.RawRecord;
import io.winnow.jobs.ingest.SampleValidator;
import io.winnow.jobs.ingest.ValidateFunction;
import io.winnow.jobs.output.KafkaMessage;
import io.winnow.jobs.output.KafkaMessageSerializer;
import io.winnow.jobs.output.OutputEncoders;
import io.winnow.operator.CuratedRecord;
import io.winnow.operator.MetricsRecord;
import io.winnow.operator.PredictionRecord;
import io.winnow.operator.PretrainingWeightRecord;
import io.winnow.operator.SamaCurationOperator;
import io.winnow.operator.TaskSample;
import io.winnow.schemas.AvroTrust;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
public final class CurationJob {

    public static final String CURATION_SLOT_SHARING_GROUP = "gpu";

    private CurationJob() {}

    /**
     * Flink settings the job needs: restart strategy and, when {@code job.checkpoint-dir} is set,
     * file-system checkpoint storage there (trainer state is megabytes per task, beyond what the
     * JobManager may hold in memory). Otherwise the cluster's own checkpoint settings apply.
     */
    public static Configuration flinkConfiguration(JobConfig config) {
        Configuration flink = new Configuration();
        if (config.checkpointDirectory() != null) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDirectory());
        }
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, config.restartAttempts());
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(config.restartDelayMs()));
        return flink;
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
        env.enableCheckpointing(config.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(config.parallelism());
        SampleValidator validator = new SampleValidator(config.tasks(), config.limits(), config.topics(), config.bounded());

        SingleOutputStreamOperator<TaskSample> training = validated(env, validator, InputSources.samples(config), "samples");
        DataStream<KafkaMessage> deadLetters = training.getSideOutput(ValidateFunction.DEAD_LETTERS);
        DataStream<TaskSample> samples = training;
        // A replay over files may come without trusted files; a Kafka job always reads both topics.
        if (!config.files().enabled() || !config.files().trusted().isEmpty()) {
            SingleOutputStreamOperator<TaskSample> trusted = validated(env, validator, InputSources.trusted(config), "trusted");
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
        curated.map(record -> OutputEncoders.curated(record, System.currentTimeMillis()))
                .returns(KafkaMessage.class).name("encode-curated").uid("encode-curated").startNewChain()
                .sinkTo(sink(config, config.topics().curated(), "curated")).name("curated-sink").uid("curated-sink");
        curated.getSideOutput(SamaCurationOperator.METRICS)
                .map((MetricsRecord record) -> OutputEncoders.metrics(record, System.currentTimeMillis()))
                .returns(KafkaMessage.class).name("encode-metrics").uid("encode-metrics")
                .sinkTo(sink(config, config.topics().metrics(), "metrics")).name("metrics-sink").uid("metrics-sink");
        deadLetters.sinkTo(sink(config, config.topics().deadLetters(), "dlq")).name("dlq-sink").uid("dlq-sink");
        if (config.hasContinuedPretraining()) {
            curated.getSideOutput(SamaCurationOperator.PRETRAINING_WEIGHTS)
                    .map((PretrainingWeightRecord record) -> OutputEncoders.pretrainingWeight(record, System.currentTimeMillis()))
                    .returns(KafkaMessage.class).name("encode-pretraining-weights").uid("encode-pretraining-weights")
                    .sinkTo(sink(config, config.topics().pretrainingWeights(), "pretraining-weights"))
                    .name("pretraining-weights-sink").uid("pretraining-weights-sink");
        }
        if (config.bounded()) {
            curated.getSideOutput(SamaCurationOperator.PREDICTIONS)
                    .map((PredictionRecord record) -> OutputEncoders.prediction(record, System.currentTimeMillis()))
                    .returns(KafkaMessage.class).name("encode-predictions").uid("encode-predictions")
                    .sinkTo(sink(config, config.topics().predictions(), "predictions")).name("predictions-sink")
                    .uid("predictions-sink");
        }
    }

    private static SingleOutputStreamOperator<TaskSample> validated(StreamExecutionEnvironment env,
            SampleValidator validator, Source<RawRecord, ?, ?> source, String name) {
        // Explicit type: a HybridSource of several epochs cannot tell its element type.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-source", TypeInformation.of(RawRecord.class))
                .uid(name + "-source")
                .process(new ValidateFunction(validator))
                .name("validate-" + name).uid("validate-" + name);
    }

    static KafkaSink<KafkaMessage> sink(JobConfig config, String topic, String name) {
        KafkaSettings kafka = config.kafka();
        Properties properties = kafka.clientProperties(new Properties());
        properties.setProperty("transaction.timeout.ms", Long.toString(kafka.transactionTimeoutMs()));
        return KafkaSink.<KafkaMessage>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.jobName() + "-" + name)
                .setRecordSerializer(new KafkaMessageSerializer(topic))
                .build();
    }
}
