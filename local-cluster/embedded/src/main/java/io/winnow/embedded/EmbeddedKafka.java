package io.winnow.embedded;

import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka cluster (one {@link KafkaRaftServer} in combined broker + controller KRaft mode)
 * for tests and for the embedded runtime.
 *
 * <p>Both listeners (the client listener {@code PLAINTEXT} and the controller listener {@code CONTROLLER}) bind to
 * {@code 127.0.0.1} only. The log directory is a fresh temporary directory, formatted with Kafka's own storage
 * formatter ({@link SingleNodeKraft}) and a random cluster id, and deleted on {@link #close()}. The broker settings suit exactly-once
 * tests with one broker: every replication factor and min.insync.replicas is 1, the internal topics
 * ({@code __consumer_offsets}, {@code __transaction_state}) have one partition, the initial rebalance delay is 0 and
 * {@code auto.create.topics.enable=false}, so a misspelled topic name fails loudly instead of creating a topic.
 *
 * <p>{@link #stop()} shuts the server down but keeps its ports and log directory; {@link #restart()} starts a new
 * server on the same ports over the same data, so committed records survive. {@link #close()} stops the server if
 * it runs and deletes the log directory; it is idempotent and never throws.
 *
 * <p>Caveat: with the 4.x default {@code transaction.version=2}, a transactional producer that re-commits a
 * transaction after a restart or a Flink recovery can make the broker log a misleading ERROR about the producer being
 * "already fenced" and possible data loss; no loss was measured. A restart may log a transient ERROR
 * ({@code NotControllerException} for CONTROLLER_REGISTRATION) while the controller activates; it is retried. Kafka's
 * fatal-fault handlers may halt the JVM ({@code Exit.halt}) on a metadata fault it cannot recover from; that is
 * Kafka's production behaviour and is not overridden here because it is global to the JVM.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(2).start()) {
 *     kafka.createTopics(2, "in", "out");
 *     String bootstrap = kafka.bootstrapServers();
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Loopback literal used for every listener: never a host name, never the wildcard. */
    public static final String HOST = "127.0.0.1";

    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The optional SASL_SSL client listener ({@link Builder#saslSslListener}). */
    public static final String SECURE_LISTENER = "SECURE";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /** Attempts with fresh ports when the ports were chosen here and one of them was taken meanwhile. */
    private static final int BIND_ATTEMPTS = 5;

    private final Builder settings;
    private final int nodeId;
    private final Path rootDir;
    private final Thread shutdownHook;

    // Guarded by "this".
    private Path logDir;
    private String clusterId;
    private int brokerPort;
    private int controllerPort;
    private int securePort;
    private KafkaConfig config;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Builder settings) throws IOException {
        this.settings = settings;
        this.nodeId = settings.nodeId;
        this.rootDir = Files.createTempDirectory("winnow-embedded-kafka-");
        this.shutdownHook = new Thread(this::close, "embedded-kafka-shutdown-" + rootDir.getFileName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the defaults of {@link #builder()}. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Accessors

    /** The bootstrap servers for clients, e.g. {@code 127.0.0.1:40123}. Stays the same across stop/restart. */
    public synchronized String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public synchronized int brokerPort() {
        return brokerPort;
    }

    public synchronized int controllerPort() {
        return controllerPort;
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    /**
     * The bootstrap servers of the SASL_SSL listener, e.g. {@code 127.0.0.1:40125}.
     *
     * @throws IllegalStateException if the broker was built without {@link Builder#saslSslListener}
     */
    public synchronized String secureBootstrapServers() {
        saslSsl();
        return HOST + ":" + securePort;
    }

    /**
     * Client settings for the SASL_SSL listener as {@code user}: TLS against the broker's own
     * certificate and SCRAM-SHA-512; add {@link #secureBootstrapServers()}.
     */
    public Properties secureClientProperties(String user, String password) {
        SelfSignedTls tls = saslSsl();
        Properties p = new Properties();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());
        return p;
    }

    private SelfSignedTls saslSsl() {
        if (settings.saslSsl == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener (Builder.saslSslListener)");
        }
        return settings.saslSsl;
    }

    /** Creates (or resets) a SCRAM-SHA-512 user and waits until the broker knows it. */
    public void createScramUser(String user, String password) {
        try (Admin admin = createAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get(settings.startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Polling.until("SCRAM user " + user + " on " + bootstrapServers(), settings.startupTimeout,
                    () -> admin.describeUserScramCredentials(List.of(user)).all().get(2, TimeUnit.SECONDS)
                            .containsKey(user));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create SCRAM user " + user + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating SCRAM user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
    }

    /** The Kafka data directory (log.dirs and metadata.log.dir). Deleted on {@link #close()}. */
    public synchronized Path logDir() {
        return logDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The default number of partitions of topics created without an explicit count. */
    public int defaultPartitions() {
        return settings.partitions;
    }

    /** The broker properties in effect (a copy). */
    public synchronized Properties brokerProperties() {
        Properties copy = new Properties();
        if (config != null) {
            copy.putAll(config.originals());
        }
        return copy;
    }

    /** A new Admin client for this broker; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(TopicCreator.adminProperties(bootstrapServers()));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Topics

    /** Creates topics with {@link #defaultPartitions()} partitions; see {@link #createTopics(int, String...)}. */
    public void createTopics(String... names) {
        createTopics(settings.partitions, names);
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has a leader as seen by the broker's
     * metadata, so that producers and consumers can use them at once. Fails if a topic already exists.
     */
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        Objects.requireNonNull(names, "names");
        if (names.length == 0) {
            return;
        }
        if (!isRunning()) {
            throw new IllegalStateException("Embedded Kafka is not running (stopped or closed)");
        }
        for (String name : names) {
            Objects.requireNonNull(name, "topic name");
        }
        Set<String> unique = new HashSet<>(Arrays.asList(names));
        if (unique.size() != names.length) {
            throw new IllegalArgumentException("duplicate topic names: " + Arrays.toString(names));
        }
        try (Admin admin = createAdmin()) {
            TopicCreator.create(admin, partitions, settings.startupTimeout, unique);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Lifecycle

    private synchronized void firstStart() {
        // With a port left to choose, a bind failure is most likely a race for that port: choose again.
        // With both ports given, retry the same ports for a while (e.g. a previous server still releasing them).
        boolean anyChosen = settings.brokerPort == 0 || settings.controllerPort == 0;
        RuntimeException failure = null;
        int attempts = anyChosen ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int[] ports = settings.saslSsl == null
                    ? LoopbackPorts.choose(HOST, settings.brokerPort, settings.controllerPort)
                    : LoopbackPorts.choose(HOST, settings.brokerPort, settings.controllerPort, 0);
            brokerPort = ports[0];
            controllerPort = ports[1];
            securePort = settings.saslSsl == null ? 0 : ports[2];
            logDir = rootDir.resolve("kafka-" + attempt);
            clusterId = Uuid.randomUuid().toString();
            config = KafkaConfig.fromProps(SingleNodeKraft.serverProperties(nodeId, brokerPort, controllerPort, logDir,
                    settings.partitions, settings.startupTimeout, settings.extraProperties, securePort, settings.saslSsl),
                    false);
            SingleNodeKraft.format(nodeId, clusterId, logDir);
            try {
                startServer(anyChosen ? Duration.ZERO : settings.bindRetry);
                return;
            } catch (LoopbackPorts.BindFailure e) {
                failure = e;
                deleteRecursively(logDir);
                if (attempt < attempts) {
                    LOG.warn("Embedded Kafka: {} (attempt {} of {}); retrying on other free ports",
                            e.getMessage(), attempt, attempts);
                }
            }
        }
        throw new IllegalStateException("Embedded Kafka could not bind its listeners: " + failure.getMessage(), failure);
    }

    /**
     * Shuts the server down (clean, controlled shutdown) and waits for it, keeping ports, cluster id and data for
     * {@link #restart()}. No-op when already stopped.
     */
    public synchronized void stop() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafka is closed");
        }
        shutdownServer();
    }

    /**
     * Starts the server again on the same ports and log directory, after {@link #stop()}; if it is still running it
     * is stopped first. Waits until the broker answers, like the first start. The ports are retried for a while if
     * the old sockets are still being released, but never changed: clients keep their bootstrap address.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafka is closed");
        }
        shutdownServer();
        try {
            startServer(settings.bindRetry);
        } catch (LoopbackPorts.BindFailure e) {
            throw new IllegalStateException("Embedded Kafka could not re-bind its ports (" + e.getMessage()
                    + "); another process took them after stop()", e);
        }
    }

    /** Stops the server if it runs, waits for it and deletes the log directory. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shutdownServer();
        } catch (Throwable t) {
            LOG.warn("Embedded Kafka did not shut down cleanly", t);
        }
        try {
            deleteRecursively(rootDir);
        } catch (Throwable t) {
            LOG.warn("Could not delete the embedded Kafka directory {}", rootDir, t);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // The JVM is shutting down already.
            }
        }
    }

    /**
     * Starts a server with {@link #config} and waits until it answers. Bind failures are retried on the same ports
     * for {@code bindRetry}, then reported as {@link LoopbackPorts.BindFailure}; any other failure is an IllegalStateException.
     */
    private void startServer(Duration bindRetry) {
        // A loop, not Polling: one attempt can outlast the retry window (startup takes seconds), and a
        // server that came up late must be kept, not reported as a timeout.
        long bindDeadline = System.nanoTime() + bindRetry.toNanos();
        long started = System.nanoTime();
        while (true) {
            try {
                startServerOnce();
                LOG.info("Embedded Kafka started in {} ms at {} (controller port {}, cluster {}, dir {})",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), bootstrapServers(),
                        controllerPort, clusterId, logDir);
                return;
            } catch (LoopbackPorts.BindFailure e) {
                if (System.nanoTime() >= bindDeadline) {
                    throw e;
                }
                LOG.info("Embedded Kafka: {}; retrying on the same port", e.getMessage());
                sleep(250);
            }
        }
    }

    private void startServerOnce() {
        Duration timeout = settings.startupTimeout;
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "embedded-kafka-startup");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> startup = starter.submit(candidate::startup);
            startup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            server = candidate;
            awaitReady(timeout);
        } catch (ExecutionException e) {
            quietShutdown(candidate);
            server = null;
            Throwable cause = e.getCause();
            if (LoopbackPorts.isBindFailure(cause)) {
                throw new LoopbackPorts.BindFailure(LoopbackPorts.describeBindFailure(cause), cause);
            }
            throw new IllegalStateException("Embedded Kafka failed to start on " + bootstrapServers() + ": " + cause,
                    cause);
        } catch (TimeoutException e) {
            quietShutdown(candidate);
            server = null;
            throw new IllegalStateException("Embedded Kafka did not start within " + timeout + " on "
                    + bootstrapServers() + " (dir " + logDir + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quietShutdown(candidate);
            server = null;
            throw new IllegalStateException("interrupted while starting embedded Kafka", e);
        } catch (RuntimeException e) {
            quietShutdown(candidate);
            server = null;
            throw e;
        } finally {
            starter.shutdownNow();
        }
    }

    /** Waits until an Admin client sees this node through the client listener. */
    private void awaitReady(Duration timeout) throws TimeoutException {
        try (Admin admin = createAdmin()) {
            Polling.until("Embedded Kafka at " + bootstrapServers() + " answering describeCluster", timeout,
                    () -> admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.id() == nodeId && n.port() == brokerPort));
        }
    }

    private void shutdownServer() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            long t0 = System.nanoTime();
            s.shutdown();
            s.awaitShutdown();
            LOG.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private static void quietShutdown(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (Throwable t) {
            LOG.debug("Shutdown after a failed start failed too", t);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null) {
            return;
        }
        try {
            FileUtils.deleteDirectory(root.toFile()); // nothing to do if it does not exist
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Settings for {@link EmbeddedKafka}. */
    public static final class Builder {
        private int partitions = 1;
        private int brokerPort;
        private int controllerPort;
        private int nodeId = 1;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration bindRetry = Duration.ofSeconds(10);
        private SelfSignedTls saslSsl;
        private final Map<String, Object> extraProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Default partition count: the broker's num.partitions and {@link #createTopics(String...)}. Default 1. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** A fixed client port on 127.0.0.1; 0 (the default) picks a free one and retries bind failures. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port);
            return this;
        }

        /** A fixed controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        public Builder nodeId(int nodeId) {
            if (nodeId < 0) {
                throw new IllegalArgumentException("nodeId must be >= 0: " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /** How long to wait for the broker to start and answer, and for topics to get leaders. Default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * How long a bind failure on a port that must stay the same (given ports, and every {@link #restart()}) is
         * retried before start fails. Default 10 s.
         */
        public Builder bindRetry(Duration retry) {
            if (retry.isNegative()) {
                throw new IllegalArgumentException("retry must not be negative: " + retry);
            }
            this.bindRetry = retry;
            return this;
        }

        /**
         * An extra broker property, applied last (it overrides the defaults). Listener, node and directory settings
         * can be overridden too, but then binding to 127.0.0.1 is the caller's responsibility.
         */
        public Builder brokerProperty(String key, Object value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * A second client listener on 127.0.0.1 (a free port) that speaks SASL_SSL: TLS with {@code tls}'s
         * keystore and SCRAM-SHA-512 users ({@link #createScramUser}). The PLAINTEXT listener stays, for
         * administration and as the inter-broker listener.
         */
        public Builder saslSslListener(SelfSignedTls tls) {
            this.saslSsl = Objects.requireNonNull(tls, "tls");
            return this;
        }

        public Builder brokerProperties(Map<String, ?> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        public EmbeddedKafka start() {
            EmbeddedKafka kafka;
            try {
                kafka = new EmbeddedKafka(copy());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary directory for Kafka", e);
            }
            try {
                kafka.firstStart();
                return kafka;
            } catch (RuntimeException | Error e) {
                kafka.close();
                throw e;
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.partitions = partitions;
            b.brokerPort = brokerPort;
            b.controllerPort = controllerPort;
            b.nodeId = nodeId;
            b.startupTimeout = startupTimeout;
            b.bindRetry = bindRetry;
            b.saslSsl = saslSsl;
            b.extraProperties.putAll(extraProperties);
            return b;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
