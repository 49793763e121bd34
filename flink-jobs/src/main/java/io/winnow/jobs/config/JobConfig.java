package io.winnow.jobs.config;

import io.winnow.operator.BatchingPolicy;
import io.winnow.sama.TrainerConfig;
import io.winnow.schemas.Topics;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the curation job needs, read from one properties file plus command-line overrides
 * and validated up front: a bad value fails before the job starts, with a message naming its key.
 * See {@code flink-jobs/conf/curation.example.properties} for every key.
 *
 * <p>Two settings have two possible owners, the job's file and the Flink cluster's configuration:
 * {@code checkpointIntervalMs} and {@code restart} are null unless the job's file sets them, and then
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
        Long checkpointIntervalMs,
        String checkpointDirectory,
        RestartPolicy restart,
        BatchingPolicy batching,
        InputLimits limits,
        int engineThreads,
        boolean allowPlaintextCredentials,
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
                s.string("kafka.bootstrap-servers", "127.0.0.1:9092"),
                s.string("kafka.group-id", "winnow-curation"),
                KafkaSettings.StartingOffsets.valueOf(s.choice("kafka.starting-offsets", "committed",
                        List.of("earliest", "latest", "committed")).toUpperCase(Locale.ROOT)),
                s.longValue("kafka.transaction-timeout-ms", 120_000, 1_000, 900_000),
                s.withPrefix("kafka.properties."));
        TopicNames topics = new TopicNames(
                s.string("topics.samples", Topics.SAMPLES),
                s.string("topics.trusted", Topics.TRUSTED),
                s.string("topics.curated", Topics.CURATED),
                s.string("topics.metrics", Topics.METRICS),
                s.string("topics.dlq", Topics.DLQ),
                s.string("topics.predictions", Topics.PREDICTIONS),
                s.string("topics.pretraining-weights", Topics.PRETRAINING_WEIGHTS));
        Long checkpointInterval = s.contains("job.checkpoint-interval-ms")
                ? s.longValue("job.checkpoint-interval-ms", 0, 100, 86_400_000) : null;
        if (checkpointInterval != null) {
            requireTransactionsOutlast(kafka, checkpointInterval, "job.checkpoint-interval-ms");
        }
        String isolation = kafka.clientProperties().get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (isolation != null && !isolation.equals("read_committed")) {
            // The source sets read_committed itself; say so rather than override the user's value silently.
            throw new ConfigException("kafka.properties." + ConsumerConfig.ISOLATION_LEVEL_CONFIG + " = " + isolation
                    + ": the job curates committed input only (exactly once); remove the setting");
        }
        List<String> taskNames = s.list("tasks");
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
                s.string("job.name", "winnow-curation"),
                replay(s),
                s.integer("job.parallelism", 1, 1, 10_000),
                s.integer("job.curation-parallelism", 1, 1, 10_000),
                checkpointInterval,
                s.string("job.checkpoint-dir", null),
                restart(s),
                new BatchingPolicy(s.integer("batch.size", 32, 1, 1_000_000),
                        s.longValue("batch.max-wait-ms", 500, 1, 3_600_000)),
                new InputLimits(
                        s.integer("limits.max-record-bytes", InputLimits.defaults().maxRecordBytes(), 64, 1 << 30),
                        s.integer("limits.max-features", InputLimits.defaults().maxFeatures(), 1, 1 << 28),
                        s.integer("limits.max-tokens", InputLimits.defaults().maxTokens(), 1, 1 << 24),
                        s.integer("limits.max-text-chars", InputLimits.defaults().maxTextChars(), 1, 1 << 28),
                        s.integer("limits.max-votes", InputLimits.defaults().maxVotes(), 0, 1 << 16)),
                s.integer("engine.threads", 1, 1, 1024),
                s.bool("security.allow-plaintext-credentials", false),
                tasks);
    }

    /**
     * Fixed-delay restarts when the job's file sets either key (the other takes its default), else
     * null: the cluster's restart strategy applies.
     */
    private static RestartPolicy restart(Settings s) {
        if (!s.contains("job.restart-attempts") && !s.contains("job.restart-delay-ms")) {
            return null;
        }
        return new RestartPolicy(
                s.integer("job.restart-attempts", RestartPolicy.DEFAULT_ATTEMPTS, 0, Integer.MAX_VALUE),
                s.longValue("job.restart-delay-ms", RestartPolicy.DEFAULT_DELAY_MS, 0, 3_600_000));
    }

    /**
     * A Kafka transaction stays open from one checkpoint to the next: the broker must not abort it first.
     *
     * @param source the setting the interval came from, for the message
     */
    public static void requireTransactionsOutlast(KafkaSettings kafka, long checkpointIntervalMs, String source) {
        if (kafka.transactionTimeoutMs() <= checkpointIntervalMs) {
            throw new ConfigException("kafka.transaction-timeout-ms (" + kafka.transactionTimeoutMs()
                    + ") must exceed the checkpoint interval (" + checkpointIntervalMs + " ms, from " + source
                    + "): transactions stay open from one checkpoint to the next");
        }
    }

    private static Replay replay(Settings s) {
        InputFiles files = new InputFiles(s.list("files.samples"), s.list("files.trusted"));
        return new Replay(
                s.bool("job.bounded", false) || files.enabled(),
                s.integer("replay.epochs", 1, 1, 100_000),
                files,
                OffsetRange.parse("replay.samples-offsets", s.string("replay.samples-offsets", null)),
                OffsetRange.parse("replay.trusted-offsets", s.string("replay.trusted-offsets", null)));
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
