package io.winnow.jobs.config;

import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;

/**
 * Refuses {@code kafka.properties.*} settings that the job sets itself, instead of overriding them
 * silently: a key with its own typed option (bootstrap servers, group, transaction timeout), the
 * transactional id (the sink derives it from the job name), and the two guarantees of exactly once
 * (read_committed input, offsets committed on checkpoints), which may only be restated.
 */
final class OwnedClientProperties {

    /** Keys with their own option: the message names it. */
    private static final Map<String, String> BY_OPTION = Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, JobOptions.BOOTSTRAP_SERVERS.key(),
            CommonClientConfigs.GROUP_ID_CONFIG, JobOptions.GROUP_ID.key(),
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, JobOptions.TRANSACTION_TIMEOUT.key(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, JobOptions.JOB_NAME.key() + " (the sinks' transactional-id prefix)");

    /** Keys whose only value keeps the job exactly once. */
    private static final Map<String, String> FIXED = Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true");

    private OwnedClientProperties() {}

    static void check(Map<String, String> clientProperties) {
        clientProperties.forEach((key, value) -> {
            String option = BY_OPTION.get(key);
            if (option != null) {
                throw new ConfigException(JobOptions.CLIENT_PROPERTIES_PREFIX + key + " is set by the job from "
                        + option + "; set that instead");
            }
            String fixed = FIXED.get(key);
            if (fixed != null && !fixed.equalsIgnoreCase(value.trim())) {
                throw new ConfigException(JobOptions.CLIENT_PROPERTIES_PREFIX + key + " = " + value
                        + ": the job curates committed input only and commits offsets on checkpoints (exactly once),"
                        + " so it sets " + key + " = " + fixed + " itself; remove the setting");
            }
        });
    }
}
