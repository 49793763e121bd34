package io.winnow.jobs.config;

import io.winnow.schemas.Topics;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/**
 * The curation job's own options (everything but the {@code task.*} keys), typed and documented as
 * Flink's and flink-connector-kafka's are. Times are {@link Duration}s ({@code 10 s}, {@code 500 ms},
 * {@code 2 min}; a bare number is milliseconds); the older {@code *-ms} keys are still read, as
 * deprecated keys, so existing files keep working. {@code conf/curation.example.properties} lists
 * every option here with its default (a test holds them together).
 */
@PublicEvolving
public final class JobOptions {

    private JobOptions() {}

    // --- Kafka ---------------------------------------------------------------------------------

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().defaultValue("127.0.0.1:9092")
            .withDescription("Broker list of the input and output topics.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType().defaultValue("winnow-curation")
            .withDescription("Consumer group of the sources; offsets are also committed there for monitoring.");

    public static final ConfigOption<KafkaSettings.StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets")
                    .enumType(KafkaSettings.StartingOffsets.class).defaultValue(KafkaSettings.StartingOffsets.COMMITTED)
                    .withDescription("earliest, latest, or committed (the group's committed offsets, else the earliest).");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("kafka.transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(2))
            .withDeprecatedKeys("kafka.transaction-timeout-ms")
            .withDescription("Transaction timeout of the exactly-once sinks: above the checkpoint interval plus a"
                    + " restart, below the broker's transaction.max.timeout.ms (15 min by default).");

    /** Prefix of the pass-through client properties (security.protocol, sasl.*, ssl.*). */
    public static final String CLIENT_PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<Boolean> ALLOW_PLAINTEXT_CREDENTIALS =
            ConfigOptions.key("security.allow-plaintext-credentials")
                    .booleanType().defaultValue(false)
                    .withDescription("Allow SASL credentials over a non-encrypted connection to a non-loopback broker.");

    // --- Schema registry ---------------------------------------------------------------------------

    public static final ConfigOption<String> SCHEMA_REGISTRY_URL = ConfigOptions.key("schema-registry.url")
            .stringType().noDefaultValue()
            .withDescription("Confluent-compatible REST API of a schema registry (Confluent, Karapace, Redpanda;"
                    + " Apicurio at /apis/ccompat/v7). Set, the sources also read registry-framed values"
                    + " (magic byte 0, 4-byte schema id).");

    public static final ConfigOption<String> SCHEMA_REGISTRY_USER_INFO = ConfigOptions.key("schema-registry.user-info")
            .stringType().noDefaultValue()
            .withDescription("HTTP basic login to the registry as user:password (use ${env:NAME}).");

    public static final ConfigOption<Duration> SCHEMA_REGISTRY_TIMEOUT = ConfigOptions.key("schema-registry.timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one request to the registry.");

    public static final ConfigOption<SchemaRegistrySettings.OutputFraming> OUTPUT_FRAMING = ConfigOptions.key("output.framing")
            .enumType(SchemaRegistrySettings.OutputFraming.class).defaultValue(SchemaRegistrySettings.OutputFraming.SINGLE_OBJECT)
            .withDescription("single_object (Avro single-object encoding, no registry) or registry (the registry's"
                    + " wire format; the job registers each output topic's schema under <topic>-value with BACKWARD"
                    + " compatibility at start; needs schema-registry.url).");

    // --- Topics --------------------------------------------------------------------------------

    public static final ConfigOption<String> SAMPLES_TOPIC = topic("samples", Topics.SAMPLES);
    public static final ConfigOption<String> TRUSTED_TOPIC = topic("trusted", Topics.TRUSTED);
    public static final ConfigOption<String> CURATED_TOPIC = topic("curated", Topics.CURATED);
    public static final ConfigOption<String> METRICS_TOPIC = topic("metrics", Topics.METRICS);
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = topic("dlq", Topics.DLQ);
    public static final ConfigOption<String> PREDICTIONS_TOPIC = topic("predictions", Topics.PREDICTIONS);
    public static final ConfigOption<String> PRETRAINING_WEIGHTS_TOPIC = topic("pretraining-weights", Topics.PRETRAINING_WEIGHTS);

    // --- Job -----------------------------------------------------------------------------------

    public static final ConfigOption<String> JOB_NAME = ConfigOptions.key("job.name")
            .stringType().defaultValue("winnow-curation").withDescription("Flink job name.");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("job.parallelism")
            .intType().defaultValue(1).withDescription("Parallelism of the sources and the validation.");

    public static final ConfigOption<Integer> CURATION_PARALLELISM = ConfigOptions.key("job.curation-parallelism")
            .intType().defaultValue(1)
            .withDescription("Parallelism of the curation operator (one trainer per task, keyed by task).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("job.checkpoint-interval")
            .durationType().noDefaultValue()
            .withDeprecatedKeys("job.checkpoint-interval-ms")
            .withDescription("Checkpoint interval; unset, the cluster's execution.checkpointing.interval applies"
                    + " (10 s when neither is set).");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("job.checkpoint-dir")
            .stringType().noDefaultValue()
            .withDescription("Durable checkpoint storage (s3://, hdfs://, file:///); unset, the cluster's.");

    public static final ConfigOption<Integer> RESTART_ATTEMPTS = ConfigOptions.key("job.restart-attempts")
            .intType().defaultValue(RestartPolicy.DEFAULT_ATTEMPTS)
            .withDescription("Fixed-delay restarts; setting this or job.restart-delay overrides the cluster's strategy.");

    public static final ConfigOption<Duration> RESTART_DELAY = ConfigOptions.key("job.restart-delay")
            .durationType().defaultValue(RestartPolicy.DEFAULT_DELAY)
            .withDeprecatedKeys("job.restart-delay-ms")
            .withDescription("Delay between fixed-delay restarts.");

    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("job.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Read up to the offsets current at start (or the replay ranges), then finish.");

    // --- Replays -------------------------------------------------------------------------------

    public static final ConfigOption<Integer> REPLAY_EPOCHS = ConfigOptions.key("replay.epochs")
            .intType().defaultValue(1).withDescription("Passes over the samples input of a bounded run.");

    public static final ConfigOption<String> REPLAY_SAMPLES_OFFSETS = ConfigOptions.key("replay.samples-offsets")
            .stringType().noDefaultValue()
            .withDescription("Offset ranges of the samples topic, partition:from-to (to exclusive), comma-separated.");

    public static final ConfigOption<String> REPLAY_TRUSTED_OFFSETS = ConfigOptions.key("replay.trusted-offsets")
            .stringType().noDefaultValue().withDescription("Offset ranges of the trusted topic, as for the samples.");

    /** Comma-separated (Flink's list type separates by ';', which would break the files' documented form). */
    public static final ConfigOption<String> SAMPLES_FILES = ConfigOptions.key("files.samples")
            .stringType().noDefaultValue()
            .withDescription("JSON-lines or Avro files of samples to read instead of Kafka, comma-separated.");

    public static final ConfigOption<String> TRUSTED_FILES = ConfigOptions.key("files.trusted")
            .stringType().noDefaultValue()
            .withDescription("JSON-lines or Avro files of trusted and EVAL samples, comma-separated.");

    // --- Batching, limits, engine, tasks -------------------------------------------------------

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("batch.size")
            .intType().defaultValue(32).withDescription("Samples per base step.");

    public static final ConfigOption<Duration> BATCH_MAX_WAIT = ConfigOptions.key("batch.max-wait")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDeprecatedKeys("batch.max-wait-ms")
            .withDescription("Longest a partial batch waits for more samples.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES = limit("max-record-bytes", InputLimits.defaults().maxRecordBytes());
    public static final ConfigOption<Integer> MAX_FEATURES = limit("max-features", InputLimits.defaults().maxFeatures());
    public static final ConfigOption<Integer> MAX_TOKENS = limit("max-tokens", InputLimits.defaults().maxTokens());
    public static final ConfigOption<Integer> MAX_TEXT_CHARS = limit("max-text-chars", InputLimits.defaults().maxTextChars());
    public static final ConfigOption<Integer> MAX_VOTES = limit("max-votes", InputLimits.defaults().maxVotes());

    public static final ConfigOption<Integer> ENGINE_THREADS = ConfigOptions.key("engine.threads")
            .intType().defaultValue(1)
            .withDescription("PyTorch intra-op threads per curation subtask.");

    public static final ConfigOption<String> TASKS = ConfigOptions.key("tasks")
            .stringType().noDefaultValue()
            .withDescription("Comma-separated curation task names; each is configured under task.<name>.");

    private static ConfigOption<String> topic(String name, String defaultName) {
        return ConfigOptions.key("topics." + name).stringType().defaultValue(defaultName)
                .withDescription("Name of the " + name + " topic.");
    }

    private static ConfigOption<Integer> limit(String name, int defaultValue) {
        return ConfigOptions.key("limits." + name).intType().defaultValue(defaultValue)
                .withDescription("Larger inputs go to the dead-letter topic as OVERSIZE.");
    }
}
