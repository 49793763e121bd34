package io.winnow.jobs.config;

import io.winnow.operator.BatchingPolicy;
import io.winnow.sama.TrainerConfig;
import io.winnow.schemas.RegistryEndpoint;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the curation job needs, read from one properties file plus command-line overrides
 * and validated up front: a bad value fails before the job starts, with a message naming its key.
 * The job's options are {@link JobOptions}; {@code flink-jobs/conf/curation.example.properties}
 * lists every key.
 *
 * <p>Two settings have two possible owners, the job's file and the Flink cluster's configuration:
 * {@code checkpointInterval} and {@code restart} are null unless the job's file sets them, and then
 * the cluster's {@code execution.checkpointing.interval} and {@code restart-strategy.*} apply
 * ({@code CurationJob} logs which one wins).
 */
@PublicEvolving
public record JobConfig(
        KafkaSettings kafka,
        TopicNames topics,
        String jobName,
        Replay replay,
        int parallelism,
        int curationParallelism,
        Duration checkpointInterval,
        String checkpointDirectory,
        RestartPolicy restart,
        BatchingPolicy batching,
        InputLimits limits,
        int engineThreads,
        boolean allowPlaintextCredentials,
        SchemaRegistrySettings schemaRegistry,
        Map<String, TaskSpec> tasks) implements Serializable {

    /**
     * The job's command line: {@code --config file} and dotted {@code --key value} overrides; an
     * undotted option is refused ({@link CommandLine#jobSettings()}).
     */
    public static JobConfig fromArgs(String[] args) {
        return from(CommandLine.parse(args).jobSettings());
    }

    public static JobConfig from(Settings settings) {
        JobConfig config = parse(settings);
        List<String> unused = settings.unusedKeys();
        if (!unused.isEmpty()) {
            throw new ConfigException("unknown configuration keys " + unused
                    + " (task keys are task.<name>.<key> for a task listed in 'tasks')");
        }
        CredentialGuard.check(config);
        return config;
    }

    private static JobConfig parse(Settings s) {
        KafkaSettings kafka = new KafkaSettings(
                s.get(JobOptions.BOOTSTRAP_SERVERS),
                s.get(JobOptions.GROUP_ID),
                s.get(JobOptions.STARTING_OFFSETS),
                s.get(JobOptions.TRANSACTION_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(15)),
                s.withPrefix(JobOptions.CLIENT_PROPERTIES_PREFIX));
        TopicNames topics = new TopicNames(
                s.get(JobOptions.SAMPLES_TOPIC),
                s.get(JobOptions.TRUSTED_TOPIC),
                s.get(JobOptions.CURATED_TOPIC),
                s.get(JobOptions.METRICS_TOPIC),
                s.get(JobOptions.DEAD_LETTER_TOPIC),
                s.get(JobOptions.PREDICTIONS_TOPIC),
                s.get(JobOptions.PRETRAINING_WEIGHTS_TOPIC));
        Duration checkpointInterval = s.get(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100), Duration.ofDays(1));
        if (checkpointInterval != null) {
            requireTransactionsOutlast(kafka, checkpointInterval, JobOptions.CHECKPOINT_INTERVAL.key());
        }
        OwnedClientProperties.check(kafka.clientProperties());
        List<String> taskNames = s.list(JobOptions.TASKS);
        if (taskNames.isEmpty()) {
            throw new ConfigException("tasks is required: a comma-separated list of curation task names");
        }
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        for (String name : taskNames) {
            if (tasks.put(name, new TaskSpecParser(s, name).parse()) != null) {
                throw new ConfigException("tasks lists '" + name + "' twice");
            }
        }
        return new JobConfig(
                kafka,
                topics,
                s.get(JobOptions.JOB_NAME),
                replay(s),
                s.get(JobOptions.PARALLELISM, 1, 10_000),
                s.get(JobOptions.CURATION_PARALLELISM, 1, 10_000),
                checkpointInterval,
                s.get(JobOptions.CHECKPOINT_DIR),
                restart(s),
                new BatchingPolicy(s.get(JobOptions.BATCH_SIZE, 1, 1_000_000),
                        s.get(JobOptions.BATCH_MAX_WAIT, Duration.ofMillis(1), Duration.ofHours(1)).toMillis()),
                new InputLimits(
                        s.get(JobOptions.MAX_RECORD_BYTES, 64, 1 << 30),
                        s.get(JobOptions.MAX_FEATURES, 1, 1 << 28),
                        s.get(JobOptions.MAX_TOKENS, 1, 1 << 24),
                        s.get(JobOptions.MAX_TEXT_CHARS, 1, 1 << 28),
                        s.get(JobOptions.MAX_VOTES, 0, 1 << 16)),
                s.get(JobOptions.ENGINE_THREADS, 1, 1024),
                s.get(JobOptions.ALLOW_PLAINTEXT_CREDENTIALS),
                schemaRegistry(s),
                tasks);
    }

    private static SchemaRegistrySettings schemaRegistry(Settings s) {
        String url = s.get(JobOptions.SCHEMA_REGISTRY_URL);
        String userInfo = s.get(JobOptions.SCHEMA_REGISTRY_USER_INFO);
        Duration timeout = s.get(JobOptions.SCHEMA_REGISTRY_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10));
        SchemaRegistrySettings.OutputFraming framing = s.get(JobOptions.OUTPUT_FRAMING);
        if (url == null) {
            if (framing == SchemaRegistrySettings.OutputFraming.REGISTRY) {
                throw new ConfigException(JobOptions.OUTPUT_FRAMING.key() + " = registry needs "
                        + JobOptions.SCHEMA_REGISTRY_URL.key());
            }
            if (userInfo != null) {
                throw new ConfigException(JobOptions.SCHEMA_REGISTRY_USER_INFO.key() + " is set but "
                        + JobOptions.SCHEMA_REGISTRY_URL.key() + " is not");
            }
            return SchemaRegistrySettings.none();
        }
        try {
            return new SchemaRegistrySettings(new RegistryEndpoint(java.net.URI.create(url), userInfo, timeout), framing);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JobOptions.SCHEMA_REGISTRY_URL.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fixed-delay restarts when the job's file sets either key (the other takes its default), else
     * null: the cluster's restart strategy applies.
     */
    private static RestartPolicy restart(Settings s) {
        if (!s.contains(JobOptions.RESTART_ATTEMPTS) && !s.contains(JobOptions.RESTART_DELAY)) {
            return null;
        }
        return new RestartPolicy(
                s.get(JobOptions.RESTART_ATTEMPTS, 0, Integer.MAX_VALUE),
                s.get(JobOptions.RESTART_DELAY, Duration.ZERO, Duration.ofHours(1)));
    }

    /**
     * A Kafka transaction stays open from one checkpoint to the next: the broker must not abort it first.
     *
     * @param source the setting the interval came from, for the message
     */
    public static void requireTransactionsOutlast(KafkaSettings kafka, Duration checkpointInterval, String source) {
        if (kafka.transactionTimeout().compareTo(checkpointInterval) <= 0) {
            throw new ConfigException(JobOptions.TRANSACTION_TIMEOUT.key() + " (" + kafka.transactionTimeout().toMillis()
                    + " ms) must exceed the checkpoint interval (" + checkpointInterval.toMillis() + " ms, from " + source
                    + "): transactions stay open from one checkpoint to the next");
        }
    }

    private static Replay replay(Settings s) {
        InputFiles files = new InputFiles(s.list(JobOptions.SAMPLES_FILES), s.list(JobOptions.TRUSTED_FILES));
        return new Replay(
                s.get(JobOptions.BOUNDED) || files.enabled(),
                s.get(JobOptions.REPLAY_EPOCHS, 1, 100_000),
                files,
                OffsetRange.parse(JobOptions.REPLAY_SAMPLES_OFFSETS.key(), s.get(JobOptions.REPLAY_SAMPLES_OFFSETS)),
                OffsetRange.parse(JobOptions.REPLAY_TRUSTED_OFFSETS.key(), s.get(JobOptions.REPLAY_TRUSTED_OFFSETS)));
    }

    /** Whether a task of this job curates pretraining text (and so writes to the pretraining-weights topic). */
    public boolean hasContinuedPretraining() {
        return tasks.values().stream().anyMatch(TaskSpec::continuedPretraining);
    }

    /**
     * The Kafka topics this job reads and writes: a bounded run (a replay) also writes the predictions
     * for its EVAL samples, and a broker without topic auto-creation must have that topic too.
     */
    public List<String> topicsUsed() {
        List<String> used = new java.util.ArrayList<>(List.of(topics.samples(), topics.trusted(), topics.curated(),
                topics.metrics(), topics.deadLetters()));
        if (hasContinuedPretraining()) {
            used.add(topics.pretrainingWeights());
        }
        if (bounded()) {
            used.add(topics.predictions());
        }
        return used;
    }

    /** Whether the input ends: a replay of files or of a topic's offsets. */
    public boolean bounded() {
        return replay.bounded();
    }

    public InputFiles files() {
        return replay.files();
    }

    /** The trainer configuration of every task, for the curation operator. */
    public Map<String, TrainerConfig> trainerConfigs() {
        Map<String, TrainerConfig> out = new LinkedHashMap<>();
        tasks.forEach((name, spec) -> out.put(name, spec.trainer()));
        return out;
    }
}
