package io.winnow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's SASL_SSL listener: TLS with a certificate made by keytool for 127.0.0.1, SCRAM
 * users; a client with the user's password gets in, one with a wrong password or without TLS and
 * SASL does not.
 */
class SaslSslListenerITCase {

    @Test
    void onlyAClientWithTheUsersPasswordOverTlsGetsIn(@TempDir Path folder) throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate(folder, "store-secret-1");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().saslSslListener(tls).start()) {
            kafka.createScramUser("winnow", "user-secret-1");
            kafka.createTopics("secured");
            assertThat(kafka.secureBootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo(kafka.bootstrapServers());

            Properties rightPassword = admin(kafka, kafka.secureClientProperties("winnow", "user-secret-1"));
            try (Admin admin = Admin.create(rightPassword)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("secured");
            }

            Properties wrongPassword = admin(kafka, kafka.secureClientProperties("winnow", "not-the-password"));
            try (Admin admin = Admin.create(wrongPassword)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            Properties plaintext = admin(kafka, new Properties());
            plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            try (Admin admin = Admin.create(plaintext)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    private static Properties admin(EmbeddedKafka kafka, Properties security) {
        Properties p = new Properties();
        p.putAll(security);
        p.putAll(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.secureBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "secured-test"));
        return p;
    }
}
