package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.operator.TaskSample;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.SampleKind;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The curation job end to end on a Flink MiniCluster and an in-process Kafka broker: exactly one
 * committed result per training sample, dead letters for bad records, recovery from a failure with
 * the model restored, and tasks that keep to their own models.
 */
class CurationJobITCase {

    private static final int BATCH = 8;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

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
        s.put("tasks", "alpha");
        s.put("task.alpha.classes", "3");
        s.put("task.alpha.input.dimension", "4");
        s.put("task.alpha.mlp.hidden", "8");
        s.put("task.alpha.unroll", "2");
        s.put("task.alpha.meta-batch", "8");
        s.put("task.alpha.trusted-capacity", "64");
        return s;
    }

    private static JobClient start(Map<String, String> settings, UnaryOperator<DataStream<TaskSample>> hook)
            throws Exception {
        JobConfig config = JobConfig.from(new Settings(settings));
        kafka.createTopics(2, config.topics().samples(), config.topics().trusted(), config.topics().curated(),
                config.topics().metrics(), config.topics().deadLetters());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        CurationJob.addTo(env, config, hook);
        return env.executeAsync(config.jobName());
    }

    private static List<CuratedSample> curated(List<ConsumerRecord<byte[], byte[]>> records) {
        List<CuratedSample> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            CuratedSample sample = Codecs.curatedSample().decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(sample.getId());
            out.add(sample);
        }
        return out;
    }

    private static List<Example> examples(String prefix, int count, int dimension, int classes, long seed) {
        NoisyClusters data = new NoisyClusters(seed, classes, dimension, count, 0, 0, 0.3, 1.0);
        return data.train().stream()
                .map(e -> new Example(prefix + e.id(), e.features(), null, e.label(), null))
                .collect(Collectors.toList());
    }

    @Test
    void everyTrainingSampleGetsExactlyOneCommittedResult() throws Exception {
        Map<String, String> settings = settings("exact");
        JobClient job = start(settings, UnaryOperator.identity());
        int n = 300;
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), "exact.curated")) {
            producer.send("exact.trusted", "alpha", SampleKind.TRUSTED, examples("t-", 20, 4, 3, 1));
            producer.send("exact.samples", "alpha", SampleKind.TRAINING, examples("s-", n, 4, 3, 2));
            producer.flush();
            reader.awaitAtLeast(n, Duration.ofSeconds(120));
            List<CuratedSample> results = curated(reader.drain(Duration.ofSeconds(3)));

            assertThat(results).hasSize(n);
            assertThat(results.stream().map(CuratedSample::getId).collect(Collectors.toSet())).hasSize(n);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.getWeight()).isFinite().isBetween(0.0, 2.0);
                assertThat(r.getCorrectedLabel()).isBetween(0, 2);
                assertThat(r.getCorrectedDistribution()).hasSize(3);
                assertThat(r.getTask()).isEqualTo("alpha");
            });
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndGoodOnesFlow() throws Exception {
        Map<String, String> settings = settings("dlq");
        settings.put("limits.max-record-bytes", "4096");
        JobClient job = start(settings, UnaryOperator.identity());
        Map<String, DeadLetterReason> expected = new HashMap<>();
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                TopicReader curatedReader = new TopicReader(kafka.bootstrapServers(), "dlq.curated");
                TopicReader deadReader = new TopicReader(kafka.bootstrapServers(), "dlq.dlq")) {
            List<Example> good = examples("good-", 40, 4, 3, 3);
            producer.send("dlq.samples", "alpha", SampleKind.TRAINING, good.subList(0, 20));
            send(producer, expected, "bytes", DeadLetterReason.UNDECODABLE, new byte[] {1, 2, 3, 4});
            send(producer, expected, "json", DeadLetterReason.UNDECODABLE, "{\"id\": \"json\", \"task\": ".getBytes(StandardCharsets.UTF_8));
            send(producer, expected, "dimension", DeadLetterReason.WRONG_DIMENSION,
                    json("dimension", "alpha", "TRAINING", "\"features\": [1, 2, 3]", 1));
            send(producer, expected, "label", DeadLetterReason.LABEL_OUT_OF_RANGE,
                    json("label", "alpha", "TRAINING", "\"features\": [1, 2, 3, 4]", 7));
            send(producer, expected, "task", DeadLetterReason.UNKNOWN_TASK,
                    json("task", "nope", "TRAINING", "\"features\": [1, 2, 3, 4]", 1));
            send(producer, expected, "kind", DeadLetterReason.WRONG_KIND,
                    json("kind", "alpha", "TRUSTED", "\"features\": [1, 2, 3, 4]", 1));
            send(producer, expected, "oversize", DeadLetterReason.OVERSIZE, new byte[5000]);
            Example nan = new Example("nan", new float[] {1f, Float.NaN, 0f, 0f}, null, 1, null);
            byte[] nanBytes = Codecs.encode(SampleProducer.toSample("alpha", SampleKind.TRAINING, nan, java.time.Instant.EPOCH));
            send(producer, expected, "nan", DeadLetterReason.NOT_FINITE, nanBytes);
            producer.send("dlq.samples", "alpha", SampleKind.TRAINING, good.subList(20, 40));
            producer.flush();

            curatedReader.awaitAtLeast(40, Duration.ofSeconds(120));
            deadReader.awaitAtLeast(expected.size(), Duration.ofSeconds(60));
            List<CuratedSample> results = curated(curatedReader.drain(Duration.ofSeconds(2)));
            List<ConsumerRecord<byte[], byte[]>> dead = deadReader.drain(Duration.ofSeconds(1));

            assertThat(results).extracting(CuratedSample::getId)
                    .containsExactlyInAnyOrderElementsOf(good.stream().map(Example::id).toList());
            Map<String, DeadLetterReason> actual = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : dead) {
                DeadLetter letter = Codecs.deadLetter().decode(record.value());
                actual.put(StandardCharsets.UTF_8.decode(letter.getOriginalKey()).toString(), letter.getReason());
                assertThat(letter.getTopic()).isEqualTo("dlq.samples");
                assertThat(letter.getDetail()).isNotBlank();
            }
            assertThat(actual).isEqualTo(expected);
        } finally {
            job.cancel().get();
        }
    }

    private static void send(SampleProducer producer, Map<String, DeadLetterReason> expected, String key,
            DeadLetterReason reason, byte[] value) {
        expected.put(key, reason);
        producer.sendRaw("dlq.samples", key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] json(String id, String task, String kind, String payload, int label) {
        return ("{\"id\": \"" + id + "\", \"task\": \"" + task + "\", \"kind\": \"" + kind + "\", " + payload
                + ", \"label\": " + label + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFailureMidStreamRestoresTheModelAndStillYieldsExactlyOneResultPerSample() throws Exception {
        Map<String, String> settings = settings("fault");
        int failuresBefore = FailOnceAfterCheckpoint.THROWN.get(); // other test classes share the JVM
        JobClient job = start(settings, stream -> stream.map(new FailOnceAfterCheckpoint(120))
                .returns(TaskSample.class).name("fail-once").setParallelism(1));
        int n = 400;
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), "fault.curated")) {
            producer.send("fault.trusted", "alpha", SampleKind.TRUSTED, examples("t-", 20, 4, 3, 4));
            List<Example> samples = examples("s-", n, 4, 3, 5);
            producer.send("fault.samples", "alpha", SampleKind.TRAINING, samples.subList(0, n / 2));
            producer.flush();
            // Committed results mean a checkpoint has completed: the next samples hit the injected failure.
            reader.awaitAtLeast(n / 4, Duration.ofSeconds(120));
            producer.send("fault.samples", "alpha", SampleKind.TRAINING, samples.subList(n / 2, n));
            producer.flush();
            reader.awaitAtLeast(n, Duration.ofSeconds(180));
            List<CuratedSample> results = curated(reader.drain(Duration.ofSeconds(3)));

            assertThat(results).hasSize(n);
            assertThat(results.stream().map(CuratedSample::getId).collect(Collectors.toSet())).hasSize(n);
            // Restored, not restarted from scratch: no model version was used by two batches, and versions run on.
            Map<Long, Long> perVersion = results.stream()
                    .collect(Collectors.groupingBy(CuratedSample::getModelVersion, Collectors.counting()));
            assertThat(perVersion.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(BATCH));
            long maxVersion = perVersion.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            Set<Long> expectedVersions = new HashSet<>();
            for (long v = 0; v <= maxVersion; v++) {
                expectedVersions.add(v);
            }
            assertThat(perVersion.keySet()).isEqualTo(expectedVersions);
            assertThat(maxVersion).isGreaterThanOrEqualTo(n / BATCH - 1);
            assertThat(FailOnceAfterCheckpoint.THROWN).as("the injected failure happened").hasValue(failuresBefore + 1);
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void twoTasksInOneJobKeepTheirOwnModels() throws Exception {
        Map<String, String> settings = settings("two");
        settings.put("tasks", "alpha,beta");
        settings.put("task.beta.classes", "2");
        settings.put("task.beta.input.dimension", "6");
        settings.put("task.beta.mlp.hidden", "5");
        JobClient job = start(settings, UnaryOperator.identity());
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), "two.curated")) {
            producer.send("two.samples", "alpha", SampleKind.TRAINING, examples("a-", 240, 4, 3, 6));
            producer.send("two.samples", "beta", SampleKind.TRAINING, examples("b-", 80, 6, 2, 7));
            producer.flush();
            reader.awaitAtLeast(320, Duration.ofSeconds(120));
            List<CuratedSample> results = curated(reader.drain(Duration.ofSeconds(2)));

            assertThat(results).hasSize(320);
            List<CuratedSample> alpha = results.stream().filter(r -> r.getTask().equals("alpha")).toList();
            List<CuratedSample> beta = results.stream().filter(r -> r.getTask().equals("beta")).toList();
            assertThat(alpha).hasSize(240).allSatisfy(r -> assertThat(r.getCorrectedDistribution()).hasSize(3));
            assertThat(beta).hasSize(80).allSatisfy(r -> assertThat(r.getCorrectedDistribution()).hasSize(2));
            assertThat(alpha).allSatisfy(r -> assertThat(r.getId()).startsWith("a-"));
            long alphaVersions = alpha.stream().map(CuratedSample::getModelVersion).distinct().count();
            long betaVersions = beta.stream().map(CuratedSample::getModelVersion).distinct().count();
            assertThat(alphaVersions).isGreaterThanOrEqualTo(240 / BATCH);
            assertThat(betaVersions).isGreaterThanOrEqualTo(80 / BATCH).isLessThan(alphaVersions);
        } finally {
            job.cancel().get();
        }
    }
}
