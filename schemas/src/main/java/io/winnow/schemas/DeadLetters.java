package io.winnow.schemas;

import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/** Builds the {@link DeadLetter} for a refused input record, and its Kafka key. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * A dead letter for a refused record.
     *
     * @param key the record's Kafka key as received, or null
     * @param value the record's Kafka value as received; null (a tombstone) is stored as empty bytes
     * @param detail human-readable message naming the problem; null is stored as the reason's name
     * @param task the task, or null when it could not be read
     * @param sampleId the sample id, or null when it could not be read
     */
    public static DeadLetter of(byte[] key, byte[] value, String topic, int partition, long offset,
            DeadLetterReason reason, String detail, String task, String sampleId, Instant failedAt) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
        return DeadLetter.newBuilder()
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setOriginalValue(ByteBuffer.wrap(value == null ? new byte[0] : value.clone()))
                .setTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setReason(reason)
                .setDetail(detail == null ? reason.name() : detail)
                .setTask(task)
                .setSampleId(sampleId)
                .setFailedAt(failedAt)
                .build();
    }

    /** A dead letter for a sample that {@link SampleDecoder} refused: reason, detail, id and task from the exception. */
    public static DeadLetter of(byte[] key, byte[] value, String topic, int partition, long offset,
            SampleDecodingException error, Instant failedAt) {
        return of(key, value, topic, partition, offset, error.reason(), error.getMessage(), error.task(),
                error.sampleId(), failedAt);
    }

    /** The Kafka key to write a dead letter under: its sample id as UTF-8, or null when the id could not be read. */
    public static byte[] kafkaKey(DeadLetter deadLetter) {
        String id = deadLetter.getSampleId();
        return id == null ? null : id.getBytes(StandardCharsets.UTF_8);
    }
}
