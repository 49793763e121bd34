package io.winnow.embedded;

import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka cluster (one {@link KafkaRaftServer} in combined broker + controller KRaft mode)
 * for tests and for the embedded runtime.
 *
 * <p>Both listeners (the client listener {@code PLAINTEXT} and the controller listener {@code CONTROLLER}) bind to
 * {@code 127.0.0.1} only. The log directory is a fresh temporary directory, formatted with Kafka's own
 * {@link Formatter} and a random cluster id, and deleted on {@link #close()}. The broker settings suit exactly-once
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
        return Admin.create(adminProperties(bootstrapServers()));
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
        Set<String> unique = new HashSet<>(Arrays.asList(names));
        if (unique.size() != names.length) {
            throw new IllegalArgumentException("duplicate topic names: " + Arrays.toString(names));
        }
        List<NewTopic> topics = Arrays.stream(names)
                .map(n -> new NewTopic(Objects.requireNonNull(n, "topic name"), partitions, (short) 1))
                .collect(Collectors.toList());
        Duration timeout = settings.startupTimeout;
        try (Admin admin = createAdmin()) {
            try {
                admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    throw new IllegalStateException("topic already exists: " + e.getCause().getMessage(), e.getCause());
                }
                throw new IllegalStateException("could not create topics " + unique + ": " + e.getCause(), e.getCause());
            }
            awaitTopicsReady(admin, unique, partitions, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + unique, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout + " creating topics " + unique, e);
        }
    }

    private static void awaitTopicsReady(Admin admin, Set<String> names, int partitions, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = descriptions.size() == names.size()
                        && descriptions.values().stream().allMatch(d -> d.partitions().size() == partitions
                        && d.partitions().stream().map(TopicPartitionInfo::leader)
                        .allMatch(l -> l != null && !l.isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    last = e.getCause();
                }
            }
            Thread.sleep(50);
        }
        TimeoutException timeoutException = new TimeoutException("topics " + names + " have no leaders after " + timeout);
        if (last != null) {
            timeoutException.initCause(last);
        }
        throw timeoutException;
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
            int[] ports = choosePorts(settings.brokerPort, settings.controllerPort);
            brokerPort = ports[0];
            controllerPort = ports[1];
            logDir = rootDir.resolve("kafka-" + attempt);
            clusterId = Uuid.randomUuid().toString();
            config = KafkaConfig.fromProps(serverProperties(), false);
            format();
            try {
                startServer(anyChosen ? Duration.ZERO : settings.bindRetry);
                return;
            } catch (BindFailure e) {
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
        } catch (BindFailure e) {
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

    private void format() {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setPrintStream(quiet)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka storage in " + logDir, e);
        }
    }

    /**
     * Starts a server with {@link #config} and waits until it answers. Bind failures are retried on the same ports
     * for {@code bindRetry}, then reported as {@link BindFailure}; any other failure is an IllegalStateException.
     */
    private void startServer(Duration bindRetry) {
        long bindDeadline = System.nanoTime() + bindRetry.toNanos();
        long started = System.nanoTime();
        while (true) {
            try {
                startServerOnce();
                LOG.info("Embedded Kafka started in {} ms at {} (controller port {}, cluster {}, dir {})",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), bootstrapServers(),
                        controllerPort, clusterId, logDir);
                return;
            } catch (BindFailure e) {
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
            if (isBindFailure(cause)) {
                throw new BindFailure(describeBindFailure(cause), cause);
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
    private void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        try (Admin admin = createAdmin()) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == nodeId && n.port() == brokerPort)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        TimeoutException e = new TimeoutException("Embedded Kafka at " + bootstrapServers()
                + " did not answer describeCluster within " + timeout
                + (last == null ? "" : "; last error: " + last));
        if (last != null) {
            e.initCause(last);
        }
        throw e;
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

    private Properties serverProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // One broker: every replication factor and ISR minimum is 1.
        p.put("num.partitions", Integer.toString(settings.partitions));
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
        p.put("server.max.startup.time.ms", Long.toString(settings.startupTimeout.toMillis()));

        p.putAll(settings.extraProperties);
        Properties props = new Properties();
        p.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        return props;
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return p;
    }

    /** Returns {brokerPort, controllerPort}; a 0 is replaced by a currently free loopback port. */
    private static int[] choosePorts(int brokerPort, int controllerPort) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = {brokerPort, controllerPort};
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] == 0) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                    held.add(s);
                    ports[i] = s.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + HOST, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("failed to bind") || m.contains("Address already in use"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describeBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("failed to bind")) {
                return c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return String.valueOf(t);
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

    /** A listener could not bind its port. */
    private static final class BindFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailure(String message, Throwable cause) {
            super(message, cause);
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
