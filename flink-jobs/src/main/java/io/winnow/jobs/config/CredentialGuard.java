package io.winnow.jobs.config;

import io.winnow.schemas.RegistryEndpoint;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.Locale;
import java.util.Map;

/**
 * Refuses a configuration that would send credentials unencrypted to a server that is not on this
 * machine: SASL settings with security.protocol SASL_PLAINTEXT (or none) and a non-loopback
 * bootstrap server, or a schema-registry login over http to a non-loopback registry.
 * {@code security.allow-plaintext-credentials=true} says it is intended.
 */
final class CredentialGuard {

    private CredentialGuard() {}

    static void check(JobConfig config) {
        checkRegistry(config);
        Map<String, String> client = config.kafka().clientProperties();
        boolean credentials = client.keySet().stream().anyMatch(key -> key.startsWith("sasl."));
        String protocol = client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").toUpperCase(Locale.ROOT);
        boolean encrypted = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        if (!credentials || encrypted || config.allowPlaintextCredentials()) {
            return;
        }
        for (String server : config.kafka().bootstrapServers().split(",")) {
            String host = hostOf(server.trim());
            if (!isLoopback(host)) {
                throw new ConfigException("refusing to send SASL credentials over " + protocol + " to " + server.trim()
                        + ": set kafka.properties.security.protocol=SASL_SSL, or security.allow-plaintext-credentials=true"
                        + " if this is really intended");
            }
        }
    }

    private static void checkRegistry(JobConfig config) {
        RegistryEndpoint registry = config.schemaRegistry().endpoint();
        if (registry == null || registry.userInfo() == null || config.allowPlaintextCredentials()
                || registry.url().getScheme().equals("https") || isLoopback(registry.url().getHost())) {
            return;
        }
        throw new ConfigException("refusing to send the schema-registry login over http to " + registry.url()
                + ": use an https url, or security.allow-plaintext-credentials=true if this is really intended");
    }

    private static String hostOf(String server) {
        if (server.startsWith("[")) {
            return server.substring(1, server.indexOf(']'));
        }
        int colon = server.lastIndexOf(':');
        return colon > 0 ? server.substring(0, colon) : server;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
