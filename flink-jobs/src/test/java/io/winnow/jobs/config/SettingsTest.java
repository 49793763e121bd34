package io.winnow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void valuesMayComeFromTheEnvironmentSoSecretsStayOutOfFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, String.join("\n",
                "kafka.properties.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"${env:KAFKA_USER}\" password=\"${env:KAFKA_PASSWORD}\";",
                "kafka.group-id = plain"));
        Settings settings = Settings.load(file, Map.of("KAFKA_USER", "winnow", "KAFKA_PASSWORD", "s3cr$t\\\\x"));
        assertThat(settings.string("kafka.properties.sasl.jaas.config", null))
                .contains("username=\"winnow\"").contains("password=\"s3cr$t\\\\x\"");
        assertThat(settings.string("kafka.group-id", null)).isEqualTo("plain");
        assertThatThrownBy(() -> Settings.load(file, Map.of("KAFKA_USER", "winnow")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KAFKA_PASSWORD");
    }
}
