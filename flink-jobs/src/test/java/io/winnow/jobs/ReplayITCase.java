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
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded replays: the curation job over files (JSON lines and Avro container files) or over a
 * topic's current contents, training on every pass of the data and, when the input ends, writing
 * the final model's predictions for the EVAL samples.
 */
class ReplayITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().partitions(1).start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static Map<String, String> settings(String prefix) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.group-id", prefix);
        s.put("kafka.starting-offsets", "earliest");
        s.put("job.name", prefix);
        s.put("job.checkpoint-interval", "1000");
        s.put("batch.size", "16");
        s.put("tasks", "alpha");
        s.put("task.alpha.classes", "3");
        s.put("task.alpha.input.dimension", "4");
        s.put("task.alpha.mlp.hidden", "8");
        s.put("task.alpha.unroll", "4");
        s.put("task.alpha.lr", "0.05"); // a few dozen steps must suffice
        for (String topic : List.of("samples", "trusted", "curated", "metrics", "dlq", "predictions")) {
            s.put("topics." + topic, prefix + "." + topic);
        }
        return s;
    }

    private static JobConfig run(Map<String, String> settings) throws Exception {
        return run(settings, UnaryOperator.identity());
    }

    private static JobConfig run(Map<String, String> settings, UnaryOperator<DataStream<TaskSample>> beforeCuration)
            throws Exception {
        JobConfig config = JobConfig.from(new Settings(settings));
        kafka.createTopics(1, config.topics().curated(), config.topics().metrics(), config.topics().deadLetters(),
                config.topics().predictions());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        CurationJob.addTo(env, config, beforeCuration);
        env.execute(config.jobName()); // bounded: returns when every file has been read and results committed
        return config;
    }

    /** One generated problem: well separated clusters, 20% of the training labels flipped. */
    private static final NoisyClusters DATA = new NoisyClusters(1, 3, 4, 200, 30, 50, 0.2, 0.4);

    private static List<Example> prefixed(String prefix, List<Example> examples) {
        List<Example> out = new ArrayList<>();
        for (Example e : examples) {
            out.add(new Example(prefix + e.id(), e.features(), null, e.label(), null));
        }
        return out;
    }

    private static String json(Example e, String kind) {
        return SampleJsonLines.line(e, "alpha", kind);
    }

    @Test
    void replaysJsonLinesFilesForTwoEpochsAndPredictsTheEvalSamples(@TempDir Path dir) throws Exception {
        List<Example> train = prefixed("t-", DATA.train());
        List<Example> trusted = prefixed("c-", DATA.trusted());
        List<Example> eval = prefixed("e-", DATA.test());
        Path epoch1 = dir.resolve("epoch-1.jsonl");
        Path epoch2 = dir.resolve("epoch-2.jsonl");
        Files.write(epoch1, train.stream().map(e -> json(e, "TRAINING")).toList());
        List<Example> reshuffled = new ArrayList<>(train);
        Collections.reverse(reshuffled);
        Files.write(epoch2, reshuffled.stream().map(e -> json(e, "TRAINING")).toList());
        Path trustedFile = dir.resolve("trusted.jsonl");
        List<String> lines = new ArrayList<>(trusted.stream().map(e -> json(e, "TRUSTED")).toList());
        lines.addAll(eval.stream().map(e -> json(e, "EVAL")).toList());
        Files.write(trustedFile, lines);

        Map<String, String> settings = settings("files");
        settings.put("files.samples", epoch1 + "," + epoch2);
        settings.put("files.trusted", trustedFile.toString());
        JobConfig config = run(settings);

        assertThat(config.bounded()).isTrue();
        List<CuratedSample> curated = read(config.topics().curated(), 400, Codecs.curatedSample()::decode);
        assertThat(curated).hasSize(400);
        assertThat(curated.stream().filter(c -> c.getId().equals("t-train-0"))).hasSize(2);
        // Epoch 2 starts only when epoch 1 is done: the first 200 trained are 200 distinct samples.
        List<CuratedSample> byVersion = new ArrayList<>(curated);
        byVersion.sort(Comparator.comparingLong(CuratedSample::getModelVersion));
        assertThat(byVersion.subList(0, 200).stream().map(CuratedSample::getId).distinct()).hasSize(200);
        List<Prediction> predictions = read(config.topics().predictions(), 50, Codecs.prediction()::decode);
        assertThat(predictions).hasSize(50);
        long maxVersion = curated.stream().mapToLong(CuratedSample::getModelVersion).max().orElseThrow();
        assertThat(predictions).allSatisfy(p -> {
            assertThat(p.getId()).startsWith("e-");
            assertThat(p.getModelVersion()).isEqualTo(maxVersion + 1);
            assertThat(p.getGivenLabel()).isNotNull();
        });
        long correct = predictions.stream().filter(p -> p.getPredictedLabel() == p.getGivenLabel()).count();
        assertThat(correct).as("two epochs on separable clusters").isGreaterThan(35);
    }

    @Test
    void replaysAvroContainerFilesAndAnOffsetRangeOfATopicForTwoEpochs(@TempDir Path dir) throws Exception {
        List<Example> train = prefixed("a-", DATA.train().subList(0, 100));
        Path avro = dir.resolve("train.avro");
        try (DataFileWriter<Sample> writer = new DataFileWriter<>(new SpecificDatumWriter<>(Sample.class))) {
            writer.create(Sample.getClassSchema(), avro.toFile());
            for (Example e : train) {
                writer.append(SampleProducer.toSample("alpha", SampleKind.TRAINING, e, Instant.EPOCH));
            }
        }
        Map<String, String> fromFiles = settings("avro");
        fromFiles.put("files.samples", avro.toString());
        JobConfig config = run(fromFiles);
        assertThat(read(config.topics().curated(), 100, Codecs.curatedSample()::decode)).hasSize(100);

        Map<String, String> fromTopic = settings("topic");
        fromTopic.put("job.bounded", "true");
        fromTopic.put("replay.epochs", "2");
        fromTopic.put("replay.samples-offsets", "0:20-70");
        kafka.createTopics(1, "topic.samples", "topic.trusted");
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers())) {
            producer.send("topic.samples", "alpha", SampleKind.TRAINING, train);
            producer.send("topic.trusted", "alpha", SampleKind.EVAL, prefixed("e-", DATA.test().subList(0, 20)));
            producer.flush();
        }
        JobConfig topicConfig = run(fromTopic);
        List<CuratedSample> replayed = read(topicConfig.topics().curated(), 100, Codecs.curatedSample()::decode);
        assertThat(replayed).hasSize(100); // offsets 20..69, twice
        assertThat(replayed.stream().map(CuratedSample::getId).distinct())
                .hasSize(50).contains("a-train-20", "a-train-69").doesNotContain("a-train-19", "a-train-70");
        assertThat(read(topicConfig.topics().predictions(), 20, Codecs.prediction()::decode)).hasSize(20);
    }

    @Test
    void aFileReplayRecoversFromAFailureAndStillYieldsExactlyOneResultPerSampleAndEpoch(@TempDir Path dir)
            throws Exception {
        List<Example> train = prefixed("f-", DATA.train());
        Path samples = dir.resolve("samples.jsonl");
        Files.write(samples, train.stream().map(e -> json(e, "TRAINING")).toList());
        Path trustedFile = dir.resolve("trusted.jsonl");
        List<String> lines = new ArrayList<>(prefixed("c-", DATA.trusted()).stream().map(e -> json(e, "TRUSTED")).toList());
        lines.addAll(prefixed("e-", DATA.test()).stream().map(e -> json(e, "EVAL")).toList());
        Files.write(trustedFile, lines);

        Map<String, String> settings = settings("failover");
        settings.put("files.samples", samples.toString());
        settings.put("replay.epochs", "2");
        settings.put("files.trusted", trustedFile.toString());
        settings.put("job.checkpoint-interval", "300");
        settings.put("job.restart-attempts", "3");
        settings.put("job.restart-delay", "200");
        int failuresBefore = FailOnceAfterCheckpoint.THROWN.get(); // other test classes share the JVM
        // Past the first epoch's 200 samples (with the trusted file's 80): the failure lands in the second pass
        // over the file. The files are read before a checkpoint could complete, so the restart resumes the
        // sources from whatever state there is, as after a sink that fails at the end of a replay (a chain of
        // sources, Flink's HybridSource, failed exactly here: "split of source 1 while current source is 0").
        JobConfig config = run(settings, stream -> stream.map(new FailOnceAfterCheckpoint(330, false))
                .returns(TaskSample.class).name("fail-once").setParallelism(1));

        assertThat(FailOnceAfterCheckpoint.THROWN).as("the injected failure happened").hasValue(failuresBefore + 1);
        List<CuratedSample> curated = read(config.topics().curated(), 400, Codecs.curatedSample()::decode);
        assertThat(curated).as("exactly one committed result per sample and epoch").hasSize(400);
        assertThat(curated.stream().collect(java.util.stream.Collectors.groupingBy(CuratedSample::getId,
                java.util.stream.Collectors.counting())).values()).hasSize(200).containsOnly(2L);
        assertThat(read(config.topics().predictions(), 50, Codecs.prediction()::decode)).hasSize(50);
    }

    private static <T> List<T> read(String topic, int expected, java.util.function.Function<byte[], T> decode) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            reader.awaitAtLeast(expected, Duration.ofSeconds(60));
            List<T> out = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : reader.drain(Duration.ofSeconds(1))) {
                out.add(decode.apply(record.value()));
            }
            return out;
        }
    }
}
