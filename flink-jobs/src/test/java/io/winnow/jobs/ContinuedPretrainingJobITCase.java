package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.operator.TaskSample;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.PretrainingWeight;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A continued-pretraining task beside a curation task in one job: unlabeled raw text on the samples
 * topic, labeled downstream text on the trusted topic, one committed pretraining weight per text on
 * its own topic, exactly once across an injected failure.
 */
class ContinuedPretrainingJobITCase {

    private static final int BATCH = 8;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().partitions(2).start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static Map<String, String> settings(String prefix) {
        Map<String, String> s = StreamingJobSettings.of(kafka.bootstrapServers(), prefix, BATCH);
        s.put("tasks", "spam, pool");
        s.put("task.spam.classes", "2");
        s.put("task.spam.input.dimension", "3");
        s.put("task.spam.mlp.hidden", "4");
        s.put("task.pool.classes", "2");
        s.put("task.pool.objective", "continued-pretraining");
        s.put("task.pool.model", "text");
        s.put("task.pool.text.vocabulary", "200");
        s.put("task.pool.text.max-length", "16");
        s.put("task.pool.text.embedding", "16");
        s.put("task.pool.text.encoder-layers", "1");
        s.put("task.pool.text.heads", "2");
        s.put("task.pool.text.ffn", "32");
        s.put("task.pool.text.hidden", "8");
        s.put("task.pool.unroll", "2");
        s.put("task.pool.meta-batch", "8");
        s.put("task.pool.finetune-batch", "8");
        return s;
    }

    @Test
    void everyPretrainingTextGetsExactlyOneCommittedWeightAcrossAFailure() throws Exception {
        Map<String, String> settings = settings("pretrain");
        JobConfig config = JobConfig.from(new Settings(settings));
        kafka.createTopics(2, config.topics().samples(), config.topics().trusted(), config.topics().curated(),
                config.topics().metrics(), config.topics().deadLetters(), config.topics().pretrainingWeights());
        int thrownBefore = FailOnceAfterCheckpoint.THROWN.get();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        CurationJob.addTo(env, config, stream -> stream.map(new FailOnceAfterCheckpoint(150))
                .returns(TaskSample.class).name("fail-once").setParallelism(1));
        JobClient job = env.executeAsync(config.jobName());
        int texts = 320;
        int curatedSamples = 40;
        Random random = new Random(3);
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                TopicReader weights = new TopicReader(kafka.bootstrapServers(), "pretrain.pretraining-weights");
                TopicReader curated = new TopicReader(kafka.bootstrapServers(), "pretrain.curated")) {
            for (int i = 0; i < 32; i++) {
                int label = i % 2;
                producer.sendRaw("pretrain.trusted", key("d-" + i), json("d-" + i, "pool", "TRUSTED",
                        "\"text\": \"" + counting(random, label + 1) + "\", \"label\": " + label));
            }
            for (int i = 0; i < curatedSamples; i++) {
                producer.sendRaw("pretrain.samples", key("s-" + i), json("s-" + i, "spam", "TRAINING",
                        "\"features\": [" + random.nextGaussian() + ", 0.5, -1.0], \"label\": " + (i % 2)));
            }
            for (int i = 0; i < texts / 2; i++) {
                producer.sendRaw("pretrain.samples", key("p-" + i), json("p-" + i, "pool", "TRAINING",
                        "\"text\": \"" + (i % 2 == 0 ? counting(random, 1 + random.nextInt(2)) : noise(random)) + "\""));
            }
            producer.flush();
            // Committed weights mean a checkpoint has completed: the next texts hit the injected failure.
            weights.awaitAtLeast(texts / 4, Duration.ofSeconds(120));
            for (int i = texts / 2; i < texts; i++) {
                producer.sendRaw("pretrain.samples", key("p-" + i), json("p-" + i, "pool", "TRAINING",
                        "\"text\": \"" + (i % 2 == 0 ? counting(random, 1 + random.nextInt(2)) : noise(random)) + "\""));
            }
            producer.flush();
            weights.awaitAtLeast(texts, Duration.ofSeconds(180));
            List<PretrainingWeight> results = weights.drain(Duration.ofSeconds(3)).stream()
                    .map(ContinuedPretrainingJobITCase::decode).toList();

            assertThat(results).hasSize(texts);
            assertThat(results.stream().map(PretrainingWeight::getId).collect(Collectors.toSet())).hasSize(texts);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.getTask()).isEqualTo("pool");
                assertThat(r.getId()).startsWith("p-");
                assertThat(r.getWeight()).isBetween(0.0, 2.0);
                assertThat(r.getLoss()).isPositive().isLessThan(20.0);
            });
            Map<Long, Long> perVersion = results.stream()
                    .collect(Collectors.groupingBy(PretrainingWeight::getModelVersion, Collectors.counting()));
            assertThat(perVersion.values()).as("no model version trained by two batches after the restore")
                    .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(BATCH));
            assertThat(results.stream().mapToDouble(PretrainingWeight::getWeight).distinct().count())
                    .as("the reweighting net learned: weights differ").isGreaterThan(1);

            curated.awaitAtLeast(curatedSamples, Duration.ofSeconds(60));
            List<String> curatedIds = curated.drain(Duration.ofSeconds(1)).stream()
                    .map(record -> Codecs.curatedSample().decode(record.value()))
                    .map(CuratedSample::getId).toList();
            assertThat(curatedIds).hasSize(curatedSamples).allSatisfy(id -> assertThat(id).startsWith("s-"));
            assertThat(FailOnceAfterCheckpoint.THROWN.get() - thrownBefore).as("the injected failure happened").isEqualTo(1);
        } finally {
            job.cancel().get();
        }
    }

    private static PretrainingWeight decode(ConsumerRecord<byte[], byte[]> record) {
        PretrainingWeight weight = Codecs.pretrainingWeight().decode(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(weight.getId());
        return weight;
    }

    /** In-domain text: words counting upwards with a stride. */
    private static String counting(Random random, int stride) {
        StringBuilder text = new StringBuilder();
        int value = random.nextInt(40);
        for (int t = 0; t < 12; t++) {
            text.append(t == 0 ? "" : " ").append("w").append(value);
            value = (value + stride) % 40;
        }
        return text.toString();
    }

    /** Out-of-domain text: random words of another vocabulary. */
    private static String noise(Random random) {
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < 12; t++) {
            text.append(t == 0 ? "" : " ").append("z").append(random.nextInt(40));
        }
        return text.toString();
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String id, String task, String kind, String rest) {
        return ("{\"id\": \"" + id + "\", \"task\": \"" + task + "\", \"kind\": \"" + kind + "\", " + rest + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
