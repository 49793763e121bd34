package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** The keys Kafka's producer, consumer and admin clients declare as passwords (their config dumps hide them). */
    private static final Set<String> KAFKA_PASSWORDS = Stream.of(
                    ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
            .flatMap(definition -> definition.configKeys().values().stream())
            .filter(key -> key.type == ConfigDef.Type.PASSWORD)
            .map(key -> key.name)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The client settings whose values are secrets, shown as {@code [hidden]}: what Kafka itself
     * declares a password, and, for keys Kafka does not define (extensions' own settings), any name
     * that looks like one.
     */
    static boolean isSecret(String key) {
        if (KAFKA_PASSWORDS.contains(key)) {
            return true;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("jaas.config") || lower.contains("secret")
                || lower.contains("token") || lower.endsWith(".key");
    }

    /** Names every setting, but no secret's value (a record's own toString would print passwords). */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", startingOffsets="
                + startingOffsets + ", transactionTimeout=" + transactionTimeout + ", clientProperties=" + shown + "]";
    }

    public Properties clientProperties(Properties base) {
        Properties properties = new Properties();
        properties.putAll(base);
        properties.putAll(clientProperties);
        return properties;
    }
}
