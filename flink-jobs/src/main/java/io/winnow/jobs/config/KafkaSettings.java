package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where and how the job talks to Kafka.
 *
 * @param bootstrapServers broker list
 * @param groupId consumer group of the sources (offsets are also committed there for monitoring)
 * @param startingOffsets EARLIEST, LATEST, or COMMITTED (falling back to the earliest offset)
 * @param transactionTimeout producer transaction timeout of the exactly-once sinks; must exceed
 *     the checkpoint interval plus the time a restart takes, and stay below the broker's
 *     transaction.max.timeout.ms (15 min by default)
 * @param clientProperties passed through to every Kafka client (security.protocol, sasl.*, ssl.*)
 */
@PublicEvolving
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        StartingOffsets startingOffsets,
        Duration transactionTimeout,
        Map<String, String> clientProperties) implements Serializable {

    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED }

    public Properties clientProperties(Properties base) {
        Properties properties = new Properties();
        properties.putAll(base);
        properties.putAll(clientProperties);
        return properties;
    }
}
