package io.winnow.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads a topic from the beginning with isolation.level=read_committed: only what the job has
 * committed, exactly as a downstream consumer of curated data sees it.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "winnow-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls once for up to {@code timeout}; returns what arrived, which is also kept in {@link #all()}. */
    public List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        consumer.poll(timeout).forEach(batch::add);
        records.addAll(batch);
        return batch;
    }

    /** Polls until at least {@code count} records have arrived in total or {@code timeout} passes. */
    public List<ConsumerRecord<byte[], byte[]>> awaitAtLeast(int count, Duration timeout) {
        return awaitAtLeast(count, timeout, () -> { });
    }

    /** As {@link #awaitAtLeast(int, Duration)}, running {@code check} (e.g. that the producing job still runs) between polls. */
    public List<ConsumerRecord<byte[], byte[]>> awaitAtLeast(int count, Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            if (poll(Duration.ofMillis(200)).isEmpty()) {
                check.run();
            }
        }
        return all();
    }

    /** Keeps polling for {@code quiet} to catch anything that should not be there (duplicates, extras). */
    public List<ConsumerRecord<byte[], byte[]>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return all();
    }

    public List<ConsumerRecord<byte[], byte[]>> all() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
