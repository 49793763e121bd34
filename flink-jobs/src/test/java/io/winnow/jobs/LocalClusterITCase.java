package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetter;
import io.winnow.schemas.avro.SampleKind;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real cluster: a Kafka broker process and a Flink 2.2 session cluster (one
 * JobManager, two TaskManagers, separate processes) started by local-cluster/bin/local-cluster.sh,
 * the job submitted through Flink's own client. Each fault test checks the read_committed output for
 * exactly one curated result per training sample, nothing lost and nothing duplicated.
 */
class LocalClusterITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("local-cluster/bin/local-cluster.sh");
    private static final Path DIR = Path.of("target/local-cluster-it").toAbsolutePath();
    // Free ports, chosen once per run: another cluster on the machine must not answer for this one.
    private static final int[] PORTS = freePorts(4);
    private static final String BOOTSTRAP = "127.0.0.1:" + PORTS[0];
    private static final int BATCH = 16;
    private static final Duration RESULTS_TIMEOUT = Duration.ofSeconds(240);
    private static final Map<String, String> ENV = Map.of(
            "WINNOW_CLUSTER_DIR", DIR.toString(),
            "KAFKA_PORT", Integer.toString(PORTS[0]),
            "KAFKA_CONTROLLER_PORT", Integer.toString(PORTS[1]),
            "FLINK_REST_PORT", Integer.toString(PORTS[2]),
            "FLINK_RPC_PORT", Integer.toString(PORTS[3]),
            "TM_PROCESS_MEMORY", "1600m");

    @BeforeAll
    static void startCluster() throws Exception {
        run("stop");
        deleteRecursively(DIR);
        run("start", "--taskmanagers", "2");
    }

    @AfterEach
    void cancelJobs() throws Exception {
        run("cancel-jobs");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        run("stop");
    }

    @Test
    void aTaskManagerKilledMidStreamIsReplacedAndTheModelResumes() throws Exception {
        submitJob("kill");
        List<Example> train = samples("kill", 3000);
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader reader = new TopicReader(BOOTSTRAP, "kill.curated")) {
            sendTrusted(producer, "kill");
            send(producer, "kill.samples", train.subList(0, 1500));
            reader.awaitAtLeast(500, RESULTS_TIMEOUT);
            run("kill-taskmanager", "1");
            send(producer, "kill.samples", train.subList(1500, 3000));
            run("start-taskmanager");
            assertExactlyOnePerSample(reader, 3000);
        }
    }

    @Test
    void theBrokerStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        submitJob("broker");
        List<Example> train = samples("broker", 3000);
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP)) {
            sendTrusted(producer, "broker");
            send(producer, "broker.samples", train.subList(0, 1500));
            try (TopicReader reader = new TopicReader(BOOTSTRAP, "broker.curated")) {
                reader.awaitAtLeast(500, RESULTS_TIMEOUT);
            }
        }
        run("stop-kafka");
        Thread.sleep(3000); // the broker stays down while the job's sources and sinks fail over
        run("start-kafka");
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader reader = new TopicReader(BOOTSTRAP, "broker.curated")) {
            send(producer, "broker.samples", train.subList(1500, 3000));
            assertExactlyOnePerSample(reader, 3000);
        }
    }

    @Test
    void aStopWithSavepointAndARestartFromItContinueTheModelVersion() throws Exception {
        Path config = submitJob("savepoint");
        List<Example> train = samples("savepoint", 2000);
        long versionBeforeStop;
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader reader = new TopicReader(BOOTSTRAP, "savepoint.curated")) {
            sendTrusted(producer, "savepoint");
            send(producer, "savepoint.samples", train.subList(0, 1000));
            versionBeforeStop = assertExactlyOnePerSample(reader, 1000).stream()
                    .mapToLong(CuratedSample::getModelVersion).max().orElseThrow();
        }
        String savepoint = run("stop-job-with-savepoint").trim();
        assertThat(savepoint).startsWith("file:");
        run("submit", "--from-savepoint", savepoint, jobJar().toString(), "--config", config.toString());
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader reader = new TopicReader(BOOTSTRAP, "savepoint.curated")) {
            send(producer, "savepoint.samples", train.subList(1000, 2000));
            List<CuratedSample> all = assertExactlyOnePerSample(reader, 2000);
            long firstVersionAfter = all.stream()
                    .filter(r -> Integer.parseInt(r.getId().substring(r.getId().lastIndexOf('-') + 1)) >= 1000)
                    .mapToLong(CuratedSample::getModelVersion).min().orElseThrow();
            assertThat(firstVersionAfter).as("the restarted job trains on from the savepoint's model")
                    .isGreaterThan(versionBeforeStop);
        }
    }

    @Test
    void aBurstOfMalformedRecordsAllLandInTheDeadLetterTopicAndNothingElseIsLost() throws Exception {
        submitJob("burst");
        List<Example> train = samples("burst", 1500);
        Random random = new Random(5);
        int malformed = 0;
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader curated = new TopicReader(BOOTSTRAP, "burst.curated");
                TopicReader dead = new TopicReader(BOOTSTRAP, "burst.dlq")) {
            sendTrusted(producer, "burst");
            for (int i = 0; i < train.size(); i += 50) {
                send(producer, "burst.samples", train.subList(i, i + 50));
                for (int j = 0; j < 10; j++, malformed++) {
                    byte[] value = switch (j % 3) {
                        case 0 -> randomBytes(random);
                        case 1 -> "{\"id\": \"bad\", \"task\": \"demo\", \"kind\": \"TRAINING\", \"features\": [1, 2], \"label\": 1}"
                                .getBytes(StandardCharsets.UTF_8);
                        default -> "{\"id\": \"bad\", \"task\": \"nope\"".getBytes(StandardCharsets.UTF_8);
                    };
                    producer.sendRaw("burst.samples", ("bad-" + malformed).getBytes(StandardCharsets.UTF_8), value);
                }
            }
            producer.flush();
            assertExactlyOnePerSample(curated, train.size());
            dead.awaitAtLeast(malformed, RESULTS_TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> letters = dead.drain(Duration.ofSeconds(3));
            assertThat(letters).hasSize(malformed);
            assertThat(letters.stream().map(r -> Codecs.deadLetter().decode(r.value()))
                    .map(DeadLetter::getOriginalKey)
                    .map(key -> StandardCharsets.UTF_8.decode(key).toString())
                    .distinct().count()).isEqualTo(malformed);
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Reads the curated topic until {@code expected} results, then checks nothing more and nothing twice arrived. */
    private static List<CuratedSample> assertExactlyOnePerSample(TopicReader reader, int expected) {
        reader.awaitAtLeast(expected, RESULTS_TIMEOUT);
        List<CuratedSample> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : reader.drain(Duration.ofSeconds(4))) {
            results.add(Codecs.curatedSample().decode(record.value()));
        }
        assertThat(results).hasSize(expected);
        assertThat(results.stream().map(CuratedSample::getId).distinct().count()).isEqualTo(expected);
        Map<Long, Long> perVersion = results.stream()
                .collect(Collectors.groupingBy(CuratedSample::getModelVersion, Collectors.counting()));
        assertThat(perVersion.values()).as("no model version trained twice: the model resumed from its state")
                .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(BATCH));
        return results;
    }

    private static List<Example> samples(String prefix, int count) {
        NoisyClusters data = new NoisyClusters(prefix.hashCode(), 4, 16, count, 0, 0, 0.4, 1.2);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Example e = data.train().get(i);
            out.add(new Example(prefix + "-" + i, e.features(), null, e.label(), null));
        }
        return out;
    }

    private static void sendTrusted(SampleProducer producer, String prefix) {
        NoisyClusters trusted = new NoisyClusters(1, 4, 16, 0, 64, 0, 0, 1.2);
        producer.send(prefix + ".trusted", "demo", SampleKind.TRUSTED, trusted.trusted());
    }

    private static void send(SampleProducer producer, String topic, List<Example> examples) {
        producer.send(topic, "demo", SampleKind.TRAINING, examples);
        producer.flush();
    }

    private static Path submitJob(String prefix) throws Exception {
        Path config = DIR.resolve(prefix + ".properties");
        List<String> lines = new ArrayList<>(List.of(
                "kafka.bootstrap-servers = " + BOOTSTRAP,
                "kafka.group-id = " + prefix,
                "kafka.starting-offsets = earliest",
                "job.name = " + prefix,
                "job.checkpoint-interval = 1000",
                "job.restart-delay = 1000",
                "job.restart-attempts = 60",
                "batch.size = " + BATCH,
                "tasks = demo",
                "task.demo.classes = 4",
                "task.demo.input.dimension = 16",
                "task.demo.mlp.hidden = 32",
                "task.demo.unroll = 5"));
        for (String topic : List.of("samples", "trusted", "curated", "metrics", "dlq")) {
            lines.add("topics." + topic + " = " + prefix + "." + topic);
        }
        Files.writeString(config, String.join("\n", lines));
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(Stream.of("samples", "trusted", "curated", "metrics", "dlq")
                    .map(name -> new NewTopic(prefix + "." + name, 2, (short) 1)).toList()).all().get();
        }
        run("submit", jobJar().toString(), "--config", config.toString());
        return config;
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in target/: run mvn package first"))
                    .toAbsolutePath();
        }
    }

    /** Runs the cluster script; returns its standard output. */
    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(DIR.getParent().resolve("local-cluster-it.stderr").toFile());
        Files.createDirectories(DIR.getParent());
        builder.environment().putAll(ENV);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + status + "):\n" + output
                    + "\n(stderr in target/local-cluster-it.stderr)");
        }
        return output;
    }

    private static void deleteRecursively(Path path) throws IOException {
        org.apache.commons.io.FileUtils.deleteDirectory(path.toFile());
    }

    /** {@code count} distinct ports free on 127.0.0.1 now, held open together so that none repeats. */
    private static int[] freePorts(int count) {
        java.util.List<java.net.ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (java.net.ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we opened: nothing to recover
                }
            }
        }
    }
}
