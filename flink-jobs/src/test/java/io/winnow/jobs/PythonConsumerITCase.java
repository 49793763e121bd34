package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python consumer of {@code examples/python} against a real job: it reads the curated topic
 * with read_committed, decodes with the {@code .avsc} files alone (Debian's python3-avro and
 * python3-confluent-kafka, fetched by its run.sh when not installed), and writes exactly one
 * line per training sample, equal to what the Java codec reads, and nothing of an aborted
 * transaction.
 */
class PythonConsumerITCase {

    private static final int TRAINING = 150;
    private static final Path RUN_SCRIPT = Path.of("..", "examples", "python", "run.sh").toAbsolutePath().normalize();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void thePythonConsumerWritesOneLinePerTrainingSampleAsJavaDecodesIt(@TempDir Path folder) throws Exception {
        Map<String, CuratedSample> expected = curateWithAJob("python");
        writeAnAbortedResult("python.curated");

        Path output = folder.resolve("curated.jsonl");
        Process consumer = new ProcessBuilder(RUN_SCRIPT.toString(),
                "--bootstrap-servers", KAFKA.kafka().bootstrapServers(), "--topic", "python.curated",
                "--group", "python-test", "--from-beginning", "--idle-timeout", "5", "--output", output.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("consumer.log").toFile())
                .start();
        boolean exited = consumer.waitFor(5, TimeUnit.MINUTES); // the first run may fetch the Debian packages
        String log = Files.readString(folder.resolve("consumer.log"));
        if (!exited) {
            consumer.destroyForcibly();
        }
        assertThat(exited).as("consumer exited; its log:%n%s", log).isTrue();
        assertThat(consumer.exitValue()).as("exit status; log:%n%s", log).isZero();
        assertThat(log).contains(TRAINING + " curated samples written, 0 undecodable");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).hasSize(TRAINING);
        Map<String, JsonNode> byId = lines.stream().collect(Collectors.toMap(l -> l.get("id").asText(), Function.identity()));
        assertThat(byId.keySet()).isEqualTo(expected.keySet()); // one line each, none from the aborted transaction
        assertThat(byId).allSatisfy((id, line) -> {
            CuratedSample java = expected.get(id);
            assertThat(line.get("task").asText()).isEqualTo("alpha");
            assertThat(line.get("label").asInt()).isEqualTo(java.getCorrectedLabel());
            assertThat(line.get("weight").asDouble()).isEqualTo(java.getWeight());
            assertThat(line.get("given_label").asInt()).isEqualTo(java.getGivenLabel());
            assertThat(line.get("label_changed").asBoolean()).isEqualTo(java.getCorrectedLabel() != java.getGivenLabel());
            assertThat(line.get("model_version").asLong()).isEqualTo(java.getModelVersion());
            List<Double> distribution = new ArrayList<>();
            line.get("label_distribution").forEach(p -> distribution.add(p.asDouble()));
            assertThat(distribution).containsExactlyElementsOf(
                    java.getCorrectedDistribution().stream().map(Float::doubleValue).toList());
            assertThat(OffsetDateTime.parse(line.get("event_time").asText()).toInstant()).isEqualTo(java.getEventTime());
        });
    }

    /** Runs the curation job until every training sample has its committed result; returns them by id. */
    private static Map<String, CuratedSample> curateWithAJob(String prefix) throws Exception {
        SmallCurationJob job = SmallCurationJob.start(KAFKA.kafka(), prefix);
        try (SampleProducer producer = new SampleProducer(KAFKA.kafka().bootstrapServers());
                TopicReader reader = new TopicReader(KAFKA.kafka().bootstrapServers(), job.config.topics().curated())) {
            producer.send(job.config.topics().trusted(), SmallCurationJob.TASK, SampleKind.TRUSTED,
                    SmallCurationJob.examples("t-", 20, 1));
            producer.send(job.config.topics().samples(), SmallCurationJob.TASK, SampleKind.TRAINING,
                    SmallCurationJob.examples("s-", TRAINING, 2));
            producer.flush();
            reader.awaitAtLeast(TRAINING, Duration.ofSeconds(120));
            Map<String, CuratedSample> results = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : reader.drain(Duration.ofSeconds(2))) {
                CuratedSample sample = Codecs.curatedSample().decode(record.value());
                results.put(sample.getId(), sample);
            }
            assertThat(results).hasSize(TRAINING);
            return results;
        } finally {
            job.cancel();
        }
    }

    /** A well-formed result in a transaction that aborts: a read_committed consumer never sees it. */
    private static void writeAnAbortedResult(String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "python-test-aborted");
        CuratedSample aborted = CuratedSample.newBuilder()
                .setId("aborted-1").setTask("alpha").setWeight(1).setCorrectedLabel(0).setCorrectedDistribution(List.of(1f, 0f, 0f))
                .setGivenLabel(0).setLoss(0).setUncertainty(0).setModelVersion(0)
                .setEventTime(Instant.EPOCH).setProducedAt(Instant.EPOCH).build();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted-1".getBytes(StandardCharsets.UTF_8), Codecs.encode(aborted)));
            producer.flush();
            producer.abortTransaction();
        }
    }
}
