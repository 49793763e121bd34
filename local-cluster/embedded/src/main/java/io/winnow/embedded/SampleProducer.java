package io.winnow.embedded;

import io.winnow.sama.Example;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.DenseFeatures;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TokenIds;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Writes examples to Kafka as Avro {@link Sample}s keyed by sample id, as a producer of Winnow's input would. */
public final class SampleProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public SampleProducer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // One request at a time: a first batch refused by a partition that is still opening (NOT_LEADER) is retried
        // before the next batch goes, instead of arriving after it and failing as out of order.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The Avro form of an example: dense features or token ids, the given label, votes when present. */
    public static Sample toSample(String task, SampleKind kind, Example example, Instant eventTime) {
        List<Integer> votes = null;
        if (example.votes().length > 0) {
            votes = new ArrayList<>();
            for (int vote : example.votes()) {
                votes.add(vote);
            }
        }
        Object payload;
        if (example.isDense()) {
            List<Float> values = new ArrayList<>(example.features().length);
            for (float value : example.features()) {
                values.add(value);
            }
            payload = new DenseFeatures(values);
        } else {
            List<Integer> ids = new ArrayList<>(example.tokens().length);
            for (int id : example.tokens()) {
                ids.add(id);
            }
            payload = new TokenIds(ids);
        }
        return Sample.newBuilder()
                .setId(example.id())
                .setTask(task)
                .setKind(kind)
                .setPayload(payload)
                .setLabel(example.hasLabel() ? example.label() : null)
                .setVotes(votes)
                .setSource(null)
                .setEventTime(eventTime)
                .build();
    }

    public void send(String topic, String task, SampleKind kind, List<Example> examples) {
        for (Example example : examples) {
            Sample sample = toSample(task, kind, example, Instant.ofEpochMilli(1_700_000_000_000L));
            sendRaw(topic, example.id().getBytes(StandardCharsets.UTF_8), Codecs.encode(sample));
        }
    }

    /** Any bytes, e.g. a malformed record. */
    public void sendRaw(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
