package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.embedded.LocalSchemaRegistry;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.output.OutputSchemas;
import io.winnow.sama.Example;
import io.winnow.schemas.ConfluentWireFormat;
import io.winnow.schemas.RegistryCodec;
import io.winnow.schemas.RegistryEndpoint;
import io.winnow.schemas.SchemaCatalog;
import io.winnow.schemas.SchemaRegistryClient;
import io.winnow.schemas.SchemaRegistryException;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TaskMetrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in a shop with a schema registry, against a real one (Apicurio Registry 2.4 through its
 * Confluent-compatible API, started from Maven artifacts by {@link LocalSchemaRegistry}): producers write
 * the registry's wire format with the current and an older Sample schema; the job reads both, dead-letters
 * what the registry cannot explain, writes its own outputs in that framing with schemas it registered
 * under {@code <topic>-value} at BACKWARD compatibility, and the registry then refuses a schema today's
 * consumers could not read.
 */
class SchemaRegistryITCase {

    private static final int TRAINING = 60;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    static Path work;

    private static LocalSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalSchemaRegistry.start(work);
        client = new SchemaRegistryClient(RegistryEndpoint.of(registry.url()));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theJobReadsAndWritesTheRegistrysWireFormatAndItsSchemasEvolveOnlyBackwardCompatibly() throws Exception {
        String prefix = "registry";
        Schema v1 = SchemaCatalog.versions(Sample.class).get(0).schema();
        assertThat(v1.getField("source")).as("version 1 predates the source field").isNull();
        int currentId = client.register(prefix + ".samples-value", Sample.getClassSchema());
        int v1Id = client.register("older-producer-value", v1);
        int metricsId = client.register("another-record-value", TaskMetrics.getClassSchema());
        assertThat(Set.of(currentId, v1Id, metricsId)).hasSize(3);

        SmallCurationJob job = SmallCurationJob.start(KAFKA.kafka(), prefix,
                Map.of("schema-registry.url", registry.url(), "output.framing", "registry"));
        try (SampleProducer producer = new SampleProducer(KAFKA.kafka().bootstrapServers());
                TopicReader curatedReader = new TopicReader(KAFKA.kafka().bootstrapServers(), job.config.topics().curated());
                TopicReader deadLetterReader = new TopicReader(KAFKA.kafka().bootstrapServers(), job.config.topics().deadLetters())) {
            for (Example example : SmallCurationJob.examples("t-", 20, 1)) {
                send(producer, job.config.topics().trusted(), example, SampleKind.TRUSTED, currentId, null);
            }
            List<Example> training = SmallCurationJob.examples("s-", TRAINING, 2);
            for (int i = 0; i < training.size(); i++) {
                // Half from a producer on today's schema, half from one still on version 1.
                send(producer, job.config.topics().samples(), training.get(i), SampleKind.TRAINING,
                        i % 2 == 0 ? currentId : v1Id, i % 2 == 0 ? null : v1);
            }
            Sample stray = SampleProducer.toSample(SmallCurationJob.TASK, SampleKind.TRAINING, training.get(0), Instant.EPOCH);
            producer.sendRaw(job.config.topics().samples(), bytes("unknown-id"),
                    ConfluentWireFormat.frame(987_654, body(stray, Sample.getClassSchema())));
            producer.sendRaw(job.config.topics().samples(), bytes("wrong-record"),
                    ConfluentWireFormat.frame(metricsId, body(stray, Sample.getClassSchema())));
            producer.flush();

            curatedReader.awaitAtLeast(TRAINING, Duration.ofSeconds(120));
            int curatedId = registeredId(job.config.topics().curated());
            RegistryCodec<CuratedSample> curatedCodec = new RegistryCodec<>(CuratedSample.class);
            Map<String, CuratedSample> curated = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : curatedReader.drain(Duration.ofSeconds(2))) {
                assertThat(ConfluentWireFormat.schemaId(record.value())).isEqualTo(curatedId);
                CuratedSample sample = curatedCodec.decode(record.value(), client);
                assertThat(curated.put(sample.getId(), sample)).as("one result per sample").isNull();
            }
            assertThat(curated.keySet()).hasSize(TRAINING)
                    .containsExactlyInAnyOrderElementsOf(training.stream().map(Example::id).toList());
            assertThat(curated.values()).allSatisfy(sample -> assertThat(sample.getGivenLabel()).isBetween(0, 2));

            List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLetterReader.awaitAtLeast(2, Duration.ofSeconds(60));
            RegistryCodec<DeadLetter> deadLetterCodec = new RegistryCodec<>(DeadLetter.class);
            List<DeadLetter> letters = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
                letters.add(deadLetterCodec.decode(record.value(), client));
            }
            assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
                    DeadLetterReason.UNKNOWN_SCHEMA, DeadLetterReason.UNKNOWN_SCHEMA);
            assertThat(letters).extracting(DeadLetter::getDetail).anySatisfy(detail ->
                    assertThat(detail).contains("987654").contains("unknown to the registry"));
            assertThat(letters).extracting(DeadLetter::getDetail).anySatisfy(detail ->
                    assertThat(detail).contains("io.winnow.schemas.avro.TaskMetrics").contains("cannot be read as"));
        } finally {
            job.cancel();
        }

        String curatedSubject = OutputSchemas.subject(job.config.topics().curated());
        assertThat(client.compatibility(curatedSubject)).contains("BACKWARD");
        Schema withRequiredField = evolved(CuratedSample.getClassSchema(), false);
        assertThatThrownBy(() -> client.register(curatedSubject, withRequiredField))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
        int evolvedId = client.register(curatedSubject, evolved(CuratedSample.getClassSchema(), true));
        assertThat(evolvedId).isNotEqualTo(registeredId(job.config.topics().curated()));
    }

    @Test
    void aJobWithRegistryFramingButNoRegistryIsAConfigurationError() {
        assertThatThrownBy(() -> SmallCurationJob.start(KAFKA.kafka(), "no-registry", Map.of("output.framing", "registry")))
                .hasMessageContaining("output.framing = registry needs schema-registry.url");
    }

    /** Sends an example framed with {@code schemaId}, written with {@code writer} (null: the current schema). */
    private static void send(SampleProducer producer, String topic, Example example, SampleKind kind, int schemaId,
            Schema writer) throws IOException {
        Sample sample = SampleProducer.toSample(SmallCurationJob.TASK, kind, example, Instant.ofEpochMilli(1_700_000_000_000L));
        producer.sendRaw(topic, bytes(example.id()),
                ConfluentWireFormat.frame(schemaId, body(sample, writer == null ? Sample.getClassSchema() : writer)));
    }

    /** The Avro body of {@code sample} as a producer on {@code writer} would write it. */
    private static byte[] body(Sample sample, Schema writer) throws IOException {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(current, null);
        new SpecificDatumWriter<>(Sample.getClassSchema()).write(sample, encoder);
        encoder.flush();
        if (writer.equals(Sample.getClassSchema())) {
            return current.toByteArray();
        }
        GenericRecord older = new GenericDatumReader<GenericRecord>(Sample.getClassSchema(), writer)
                .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder olderEncoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(older, olderEncoder);
        olderEncoder.flush();
        return out.toByteArray();
    }

    /** The curated schema with one more field: optional with a default (compatible) or required (not). */
    private static Schema evolved(Schema schema, boolean withDefault) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode record = (ObjectNode) json.readTree(schema.toString());
        ObjectNode field = ((ArrayNode) record.get("fields")).addObject().put("name", "reviewer");
        if (withDefault) {
            field.putArray("type").add("null").add("string");
            field.putNull("default");
        } else {
            field.put("type", "string");
        }
        return new Schema.Parser().parse(record.toString());
    }

    /** The id of the schema the job registered for a topic (registering it again returns the same id). */
    private static int registeredId(String topic) {
        return client.register(OutputSchemas.subject(topic), CuratedSample.getClassSchema());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
