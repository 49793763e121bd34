package io.winnow.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.metadata.storage.Formatter;

/** What a one-node KRaft cluster needs before its server starts: formatted storage and its settings. */
final class SingleNodeKraft {

    private SingleNodeKraft() {}

    /** Formats {@code logDir} as the storage of a new single-node cluster. */
    static void format(int nodeId, String clusterId, Path logDir) {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(EmbeddedKafka.CONTROLLER_LISTENER)
                    .setPrintStream(quiet)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka storage in " + logDir, e);
        }
    }

    /**
     * The server settings: broker and controller in one process, loopback listeners, replication
     * factor 1; and a SASL_SSL listener on {@code securePort} when {@code tls} is given:
     * TLS with its keystore, SCRAM-SHA-512 users (created through the PLAINTEXT listener, which stays
     * the inter-broker and administration listener on loopback).
     */
    static Properties serverProperties(int nodeId, int brokerPort, int controllerPort, Path logDir, int partitions,
            Duration startupTimeout, Map<String, Object> extraProperties, int securePort, SelfSignedTls tls) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@" + EmbeddedKafka.HOST + ":" + controllerPort);
        p.put("listeners", EmbeddedKafka.BROKER_LISTENER + "://" + EmbeddedKafka.HOST + ":" + brokerPort + ","
                + EmbeddedKafka.CONTROLLER_LISTENER + "://" + EmbeddedKafka.HOST + ":" + controllerPort);
        p.put("advertised.listeners", EmbeddedKafka.BROKER_LISTENER + "://" + EmbeddedKafka.HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", EmbeddedKafka.BROKER_LISTENER + ":PLAINTEXT," + EmbeddedKafka.CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", EmbeddedKafka.CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", EmbeddedKafka.BROKER_LISTENER);
        if (tls != null) {
            String secure = EmbeddedKafka.SECURE_LISTENER;
            String prefix = "listener.name." + secure.toLowerCase(java.util.Locale.ROOT) + ".";
            p.put("listeners", p.get("listeners") + "," + secure + "://" + EmbeddedKafka.HOST + ":" + securePort);
            p.put("advertised.listeners", p.get("advertised.listeners") + "," + secure + "://" + EmbeddedKafka.HOST + ":" + securePort);
            p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + secure + ":SASL_SSL");
            p.put("sasl.enabled.mechanisms", EmbeddedKafka.SCRAM_MECHANISM);
            p.put(prefix + EmbeddedKafka.SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            p.put(prefix + "ssl.keystore.location", tls.keystore().toString());
            p.put(prefix + "ssl.keystore.password", tls.password());
            p.put(prefix + "ssl.key.password", tls.password());
        }
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // One broker: every replication factor and ISR minimum is 1.
        p.put("num.partitions", Integer.toString(partitions));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Small and light: tests write little; the log cleaner's default 128 MiB dedupe buffer would dominate the heap.
        p.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "4");
        p.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));

        p.putAll(extraProperties);
        Properties props = new Properties();
        p.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        return props;
    }
}
