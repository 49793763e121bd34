package io.winnow.jobs.output;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link KafkaMessage}s to one topic with their key and timestamp. */
@Internal
public final class KafkaMessageSerializer implements KafkaRecordSerializationSchema<KafkaMessage> {

    private static final long serialVersionUID = 1L;
    private final String topic;

    public KafkaMessageSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaMessage message, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, message.timestamp, message.key, message.value);
    }
}
