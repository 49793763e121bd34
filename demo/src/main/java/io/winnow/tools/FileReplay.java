package io.winnow.tools;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.LocalCheckpoints;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.JobOptions;
import io.winnow.jobs.config.Settings;
import io.winnow.jobs.ingest.IntakeTally;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.Prediction;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A replay of one's own files with nothing else running: the curation job, bounded over
 * {@code files.samples} and {@code files.trusted}, on an in-process Kafka broker (127.0.0.1) and a
 * local Flink MiniCluster; then every curated result, prediction and dead letter read back as a
 * consumer would ({@code read_committed}). The same job and operator as in production: only the
 * sources are bounded and the broker is private to the run.
 */
final class FileReplay {

    /**
     * What a replay produced, and how long the job ran.
     *
     * @param nothingCurated the error when every training record went to the dead-letter topic, by
     *     the same rule as {@code CurationJobMain}'s exit status ({@link IntakeTally})
     */
    record Outcome(JobConfig config, List<CuratedSample> curated, List<Prediction> predictions, List<DeadLetter> deadLetters,
            double seconds, Optional<String> nothingCurated) {}

    private FileReplay() {}

    /**
     * @param user the job's settings as given (file and overrides); the broker, boundedness and, unless
     *     set, the checkpoint folder, interval and restarts are the replay's
     * @throws ConfigException for settings a replay cannot run with
     */
    static Outcome run(Settings user) throws Exception {
        if (user.contains(JobOptions.BOOTSTRAP_SERVERS)) {
            throw new ConfigException("replay runs its own in-process broker: leave kafka.bootstrap-servers out"
                    + " (against your Kafka, run CurationJobMain with job.bounded = true)");
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> replay = new HashMap<>();
            replay.put(JobOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            replay.put(JobOptions.BOUNDED.key(), "true");
            putIfAbsent(user, replay, JobOptions.CHECKPOINT_DIR, LocalCheckpoints.temporaryDirectory());
            putIfAbsent(user, replay, JobOptions.CHECKPOINT_INTERVAL, "5 s");
            // A replay that fails should say so once, not restart in a loop.
            putIfAbsent(user, replay, JobOptions.RESTART_ATTEMPTS, "0");
            JobConfig config = JobConfig.from(user.with(replay));
            if (!config.files().enabled()) {
                throw new ConfigException("files.samples is required: the JSON-lines or Avro files of Sample records to replay"
                        + " (files.trusted: the trusted and EVAL samples)");
            }
            TopicSetup.createMissing(config, 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(CurationJob.localConfiguration(config));
            CurationJob.addTo(env, config);
            long started = System.nanoTime();
            JobExecutionResult result = env.execute(config.jobName());
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Outcome(config,
                    read(kafka, config.topics().curated(), Codecs.curatedSample()::decode),
                    read(kafka, config.topics().predictions(), Codecs.prediction()::decode),
                    read(kafka, config.topics().deadLetters(), Codecs.deadLetter()::decode),
                    seconds,
                    IntakeTally.nothingCurated(result, config.topics().deadLetters()));
        }
    }

    /** Sets the option unless the user set it, under its own key or a deprecated one. */
    private static void putIfAbsent(Settings user, Map<String, String> replay, ConfigOption<?> option, String value) {
        if (!user.contains(option)) {
            replay.put(option.key(), value);
        }
    }

    /** Everything committed to {@code topic}: the job has finished, so two seconds without a new record mean the end. */
    private static <T> List<T> read(EmbeddedKafka kafka, String topic, Function<byte[], T> decode) {
        List<ConsumerRecord<byte[], byte[]>> raw;
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            int before;
            do {
                before = reader.all().size();
                raw = reader.drain(Duration.ofSeconds(2));
            } while (raw.size() > before);
        }
        List<T> records = new ArrayList<>(raw.size());
        raw.forEach(record -> records.add(decode.apply(record.value())));
        return records;
    }
}
