package io.winnow.jobs.config;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.Locale;
import java.util.Map;

/**
 * Refuses a configuration that would send credentials unencrypted to a broker that is not on this
 * machine: SASL settings with security.protocol SASL_PLAINTEXT (or none) and a non-loopback
 * bootstrap server. {@code security.allow-plaintext-credentials=true} says it is intended.
 */
final class CredentialGuard {

    private CredentialGuard() {}

    static void check(JobConfig config) {
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
