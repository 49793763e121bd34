package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What a configuration dump of the Kafka settings shows, and what it hides. */
class KafkaSettingsTest {

    @Test
    void toStringHidesWhatKafkaDeclaresAPasswordAndWhatLooksLikeOne() {
        KafkaSettings settings = new KafkaSettings("broker:9093", "group", KafkaSettings.StartingOffsets.COMMITTED,
                Duration.ofMinutes(1), Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"pw-1\";",
                        // PASSWORD-typed in Kafka's own definitions, though its name says nothing of a secret:
                        "ssl.truststore.certificates", "-----BEGIN CERTIFICATE----- pem-2",
                        "my.extension.secret", "s-3"));

        String dump = settings.toString();

        assertThat(dump).contains("security.protocol=SASL_SSL", "broker:9093", "sasl.jaas.config=[hidden]",
                "ssl.truststore.certificates=[hidden]", "my.extension.secret=[hidden]");
        assertThat(dump).doesNotContain("pw-1", "pem-2", "s-3");
    }
}
