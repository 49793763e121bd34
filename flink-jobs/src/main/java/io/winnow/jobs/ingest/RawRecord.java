package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;

/**
 * A Kafka record as it arrived, with its coordinates, before decoding: what a dead letter must
 * carry so that nothing is lost (Flink POJO).
 */
@Internal
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
