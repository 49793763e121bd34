package io.winnow.jobs.output;

import org.apache.flink.annotation.Internal;

/** An encoded record ready for a Kafka topic: key, value and an explicit timestamp (Flink POJO). */
@Internal
public class KafkaMessage {

    public byte[] key;
    public byte[] value;
    /** Epoch milliseconds; always set explicitly (a record timestamp from an end-of-input timer would be Long.MAX_VALUE, which brokers reject). */
    public long timestamp;

    public KafkaMessage() {}

    public KafkaMessage(byte[] key, byte[] value, long timestamp) {
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }
}
