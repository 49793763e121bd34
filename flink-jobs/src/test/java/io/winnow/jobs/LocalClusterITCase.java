package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.jobs.embedded.SampleProducer;
import io.winnow.jobs.embedded.TopicReader;
import io.winnow.sama.Example;
import io.winnow.sama.demo.NoisyClusters;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real cluster: a Kafka broker process and a Flink 2.2 session cluster (one
 * JobManager, two TaskManagers, separate processes) started by local-cluster/bin/local-cluster.sh,
 * the job submitted through Flink's own client. A TaskManager is killed with SIGKILL mid-stream and
 * a new one started; the read_committed output still holds exactly one result per sample and the
 * model continues from its checkpointed state.
 */
class LocalClusterITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("local-cluster/bin/local-cluster.sh");
    private static final Path DIR = Path.of("target/local-cluster-it").toAbsolutePath();
    private static final String BOOTSTRAP = "127.0.0.1:29092";
    private static final int BATCH = 16;
    private static final Map<String, String> ENV = Map.of(
            "WINNOW_CLUSTER_DIR", DIR.toString(),
            "KAFKA_PORT", "29092",
            "KAFKA_CONTROLLER_PORT", "29093",
            "FLINK_REST_PORT", "28081",
            "FLINK_RPC_PORT", "26123",
            "TM_PROCESS_MEMORY", "1600m");

    @BeforeAll
    static void startCluster() throws Exception {
        run("stop");
        deleteRecursively(DIR);
        run("start", "--taskmanagers", "2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        run("stop");
    }

    @Test
    void theJobJarRunsOnASessionClusterAndSurvivesAKilledTaskManager() throws Exception {
        Path config = DIR.resolve("job.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap-servers = " + BOOTSTRAP,
                "kafka.starting-offsets = earliest",
                "job.checkpoint-interval-ms = 1000",
                "job.restart-delay-ms = 1000",
                "batch.size = " + BATCH,
                "tasks = demo",
                "task.demo.classes = 4",
                "task.demo.input.dimension = 16",
                "task.demo.mlp.hidden = 32",
                "task.demo.unroll = 5"));
        createTopics();
        run("submit", jobJar().toString(), "--config", config.toString());

        NoisyClusters data = new NoisyClusters(3, 4, 16, 3000, 100, 0, 0.4, 1.2);
        try (SampleProducer producer = new SampleProducer(BOOTSTRAP);
                TopicReader reader = new TopicReader(BOOTSTRAP, "winnow.curated")) {
            producer.send("winnow.trusted", "demo", SampleKind.TRUSTED, data.trusted());
            List<Example> train = data.train();
            producer.send("winnow.samples", "demo", SampleKind.TRAINING, train.subList(0, 1500));
            producer.flush();
            reader.awaitAtLeast(500, Duration.ofSeconds(120));
            assertThat(reader.all()).as("results before the crash").hasSizeGreaterThanOrEqualTo(500);

            run("kill-taskmanager", "1");
            producer.send("winnow.samples", "demo", SampleKind.TRAINING, train.subList(1500, 3000));
            producer.flush();
            run("start-taskmanager");

            reader.awaitAtLeast(3000, Duration.ofSeconds(240));
            List<CuratedSample> results = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : reader.drain(Duration.ofSeconds(5))) {
                results.add(Codecs.curatedSample().decode(record.value()));
            }
            assertThat(results).hasSize(3000);
            assertThat(results.stream().map(CuratedSample::getId).distinct().count()).isEqualTo(3000);
            Map<Long, Long> perVersion = results.stream()
                    .collect(Collectors.groupingBy(CuratedSample::getModelVersion, Collectors.counting()));
            assertThat(perVersion.values()).as("no model version trained twice after the restart")
                    .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(BATCH));
            assertThat(perVersion.keySet().stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isGreaterThanOrEqualTo(3000 / BATCH - 1);
        }
    }

    private static void createTopics() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> topics = Stream.of("samples", "trusted", "curated", "metrics", "dlq")
                    .map(name -> new NewTopic("winnow." + name, 2, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get();
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in target/: run mvn package first"))
                    .toAbsolutePath();
        }
    }

    private static void run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(ENV);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        int status = process.waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + status + "):\n" + output);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
