package io.winnow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starts real in-process brokers: runs in the failsafe phase. */
@Timeout(120)
class EmbeddedKafkaITCase {

    /** Shared by the tests that do not stop or close the broker. */
    private static EmbeddedKafka shared;

    @BeforeAll
    static void startShared() {
        String rssBefore = rss();
        long t0 = System.nanoTime();
        shared = EmbeddedKafka.builder().partitions(2).start();
        System.err.printf(Locale.ROOT, "EmbeddedKafka started in %d ms at %s; JVM RSS %s before, %s after%n",
                (System.nanoTime() - t0) / 1_000_000, shared.bootstrapServers(), rssBefore, rss());
    }

    @AfterAll
    static void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void transactionalProducerAndReadCommittedConsumer() throws Exception {
        String topic = unique("txn");
        shared.createTopics(2, topic);

        try (KafkaProducer<String, String> producer = transactionalProducer(shared, unique("tx-id"))) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k9", "committed-after-abort"));
            producer.commitTransaction();
        }

        assertThat(readAll(shared, topic, "read_committed", 4))
                .containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2", "committed-after-abort");
        // The aborted records are in the log (read_uncommitted sees them) but read_committed never returns them.
        assertThat(readAll(shared, topic, "read_uncommitted", 6))
                .contains("aborted-0", "aborted-1");
    }

    @Test
    void createTopicsCreatesTopicsAndAutoCreationIsOff() throws Exception {
        String a = unique("topic-a");
        String b = unique("topic-b");
        shared.createTopics(3, a, b);
        String c = unique("topic-c");
        shared.createTopics(c);

        try (Admin admin = shared.createAdmin()) {
            assertThat(admin.listTopics().names().get()).contains(a, b, c);
            Map<String, TopicDescription> d = admin.describeTopics(List.of(a, b, c)).allTopicNames().get();
            assertThat(d.get(a).partitions()).hasSize(3);
            assertThat(d.get(b).partitions()).hasSize(3);
            assertThat(d.get(c).partitions()).hasSize(shared.defaultPartitions()).hasSize(2);
            assertThat(d.get(a).partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());

            assertThatThrownBy(() -> shared.createTopics(3, a))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");

            // A typo fails loudly: a producer cannot find it and the broker does not create it.
            String typo = unique("no-such-topic");
            Properties p = producerProps(shared);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(typo, "x")).get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                        .hasMessageContaining("not present in metadata")
                        .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class);
            }
            assertThat(admin.listTopics().names().get()).doesNotContain(typo);
            assertThatThrownBy(() -> admin.describeTopics(List.of(typo)).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void listenersAreBoundToLoopbackOnly() throws Exception {
        int brokerPort = shared.brokerPort();
        int controllerPort = shared.controllerPort();
        assertThat(shared.bootstrapServers()).isEqualTo("127.0.0.1:" + brokerPort);

        // The broker advertises 127.0.0.1 and answers there.
        try (Admin admin = shared.createAdmin()) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).singleElement().satisfies(n -> {
                assertThat(n.host()).isEqualTo("127.0.0.1");
                assertThat(n.port()).isEqualTo(brokerPort);
            });
        }

        // The kernel's listening sockets for both ports: exactly one each, on 127.0.0.1, none on IPv6/wildcard.
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        Map<Integer, List<String>> listening = listeningAddresses(Set.of(brokerPort, controllerPort));
        assertThat(listening.get(brokerPort)).containsExactly("127.0.0.1");
        assertThat(listening.get(controllerPort)).containsExactly("127.0.0.1");

        // And connecting through any non-loopback address of this machine is refused.
        for (InetAddress address : nonLoopbackIpv4Addresses()) {
            assertThat(canConnect(new InetSocketAddress(address, brokerPort)))
                    .as("connect to %s:%d", address.getHostAddress(), brokerPort).isFalse();
        }
        assertThat(canConnect(new InetSocketAddress("127.0.0.1", brokerPort))).isTrue();
    }

    @Test
    void closeIsIdempotentDeletesDataAndFreesThePorts() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        int brokerPort = kafka.brokerPort();
        int controllerPort = kafka.controllerPort();
        Path dir = kafka.logDir();
        assertThat(dir).isDirectory();
        assertThat(canConnect(new InetSocketAddress("127.0.0.1", brokerPort))).isTrue();

        long t0 = System.nanoTime();
        kafka.close();
        System.err.printf(Locale.ROOT, "EmbeddedKafka closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThatCode(kafka::close).doesNotThrowAnyException();
        assertThatCode(kafka::close).doesNotThrowAnyException();

        assertThat(kafka.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
        assertThat(canConnect(new InetSocketAddress("127.0.0.1", brokerPort))).isFalse();
        // Both ports can be bound again at once.
        for (int port : new int[] {brokerPort, controllerPort}) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", port));
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
        assertThatThrownBy(kafka::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void stopAndRestartKeepPortsAndCommittedData() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            String topic = "restart-topic";
            kafka.createTopics(topic);
            String bootstrap = kafka.bootstrapServers();
            String clusterId = kafka.clusterId();
            String txId = "restart-tx";

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, txId)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "a", "before-1"));
                producer.send(new ProducerRecord<>(topic, "b", "before-2"));
                producer.commitTransaction();
            }
            // A consumer group commits its position before the restart.
            Properties groupProps = consumerProps(kafka, "read_committed");
            groupProps.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-group");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(groupProps)) {
                consumer.subscribe(List.of(topic));
                List<String> seen = poll(consumer, 2);
                assertThat(seen).containsExactly("before-1", "before-2");
                consumer.commitSync();
            }

            // An idempotent producer that stays open across the restart, like a job's sink would.
            Properties liveProps = producerProps(kafka);
            liveProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            liveProps.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
            KafkaProducer<String, String> live = new KafkaProducer<>(liveProps);
            live.send(new ProducerRecord<>(topic, "l", "live-before")).get();

            long t0 = System.nanoTime();
            kafka.stop();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(kafka.isRunning()).isFalse();
            assertThat(canConnect(new InetSocketAddress("127.0.0.1", kafka.brokerPort()))).isFalse();
            assertThatCode(kafka::stop).doesNotThrowAnyException();

            t0 = System.nanoTime();
            kafka.restart();
            System.err.printf(Locale.ROOT, "EmbeddedKafka stopped in %d ms, restarted in %d ms%n", stopMs,
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(kafka.clusterId()).isEqualTo(clusterId);

            // The same transactional id continues after the restart (its epoch is bumped, nothing is lost).
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, txId)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "c", "after-1"));
                producer.commitTransaction();
            }
            // The producer that was open across the restart reconnects to the same address and goes on.
            try (live) {
                live.send(new ProducerRecord<>(topic, "l", "live-after")).get();
            }
            assertThat(readAll(kafka, topic, "read_committed", 5))
                    .containsExactly("before-1", "before-2", "live-before", "after-1", "live-after");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(groupProps)) {
                consumer.subscribe(List.of(topic));
                assertThat(poll(consumer, 3)).containsExactly("live-before", "after-1", "live-after");
            }
            try (Admin admin = kafka.createAdmin()) {
                assertThat(admin.listConsumerGroupOffsets("restart-group").partitionsToOffsetAndMetadata().get())
                        .containsKey(new TopicPartition(topic, 0));
            }
        }
    }

    @Test
    void givenPortInUseFailsWithAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            int freeController;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                freeController = s.getLocalPort();
            }
            assertThatThrownBy(() -> EmbeddedKafka.builder()
                    .brokerPort(port)
                    .controllerPort(freeController)
                    .bindRetry(Duration.ofMillis(300))
                    .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bind")
                    .hasMessageContaining(String.valueOf(port));
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Properties producerProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka, String txId) {
        Properties p = producerProps(kafka);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        return new KafkaProducer<>(p);
    }

    private static Properties consumerProps(EmbeddedKafka kafka, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    /** Reads every record of the topic from the beginning (no group) until {@code expected} arrived, then a bit more. */
    private static List<String> readAll(EmbeddedKafka kafka, String topic, String isolation, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(kafka, isolation))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return poll(consumer, expected);
        }
    }

    /** Polls until at least {@code expected} values arrived (or 15 s), then once more to catch extras. */
    private static List<String> poll(KafkaConsumer<String, String> consumer, int expected) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
            values.add(r.value());
        }
        return values;
    }

    private static boolean canConnect(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackIpv4Addresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().collect(Collectors.toList())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            nif.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(out::add);
        }
        return out;
    }

    /**
     * The local addresses of the LISTEN sockets on the given ports, from /proc/net/tcp and /proc/net/tcp6 (this
     * process's network namespace). IPv4 and IPv4-mapped addresses are reported as dotted quads, other IPv6 ones in
     * brackets, e.g. "[::]" for the wildcard.
     */
    static Map<Integer, List<String>> listeningAddresses(Set<Integer> ports) throws IOException {
        Map<Integer, List<String>> out = new HashMap<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !"0A".equals(f[3])) { // 0A = TCP_LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (ports.contains(port)) {
                    out.computeIfAbsent(port, k -> new ArrayList<>()).add(decodeAddress(local[0]));
                }
            }
        }
        return out;
    }

    /** /proc/net/tcp stores addresses as 32-bit words in host (little-endian) order. */
    private static String decodeAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        InetAddress a = InetAddress.getByAddress(bytes);
        // An IPv4-mapped IPv6 address (::ffff:127.0.0.1, from a dual-stack socket) comes back as an Inet4Address.
        return a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]";
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
