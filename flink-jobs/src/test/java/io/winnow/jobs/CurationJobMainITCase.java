package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.TopicReader;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar's entry point run as {@code java -cp ... CurationJobMain}, with no cluster and no
 * MiniCluster of a test around it: Flink's local environment, whose TaskManager has one slot per
 * core unless told otherwise. The job needs two (sources, curation group); it must run, not wait.
 */
class CurationJobMainITCase {

    private static String json(Example e, String kind) {
        return SampleJsonLines.line(e, "alpha", kind);
    }

    /** Samples, trusted and eval files of three noisy clusters in four dimensions. */
    private static String[] replayOf(Path dir, EmbeddedKafka kafka, String dimension) throws Exception {
        NoisyClusters data = new NoisyClusters(3, 3, 4, 120, 30, 20, 0.2, 0.4);
        Path samples = dir.resolve("samples.jsonl");
        Path trusted = dir.resolve("trusted.jsonl");
        Files.write(samples, data.train().stream().map(e -> json(e, "TRAINING")).toList());
        List<String> trustedLines = new ArrayList<>(data.trusted().stream().map(e -> json(e, "TRUSTED")).toList());
        trustedLines.addAll(data.test().stream().map(e -> json(e, "EVAL")).toList());
        Files.write(trusted, trustedLines);
        kafka.createTopics("main.curated", "main.metrics", "main.dlq", "main.predictions");
        return new String[] {
            "--kafka.bootstrap-servers", kafka.bootstrapServers(),
            "--job.name", "main", "--job.checkpoint-interval", "1000",
            "--topics.samples", "main.samples", "--topics.trusted", "main.trusted",
            "--topics.curated", "main.curated", "--topics.metrics", "main.metrics",
            "--topics.dlq", "main.dlq", "--topics.predictions", "main.predictions",
            "--files.samples", samples.toString(), "--files.trusted", trusted.toString(),
            "--batch.size", "16", "--tasks", "alpha", "--task.alpha.classes", "3",
            "--task.alpha.input.dimension", dimension, "--task.alpha.mlp.hidden", "8"};
    }

    /** Runs the entry point on another thread, so that a job waiting for a slot fails the test instead of hanging it. */
    private static int run(String[] args, PrintStream err) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            return runner.submit(() -> CurationJobMain.run(args, err)).get(180, TimeUnit.SECONDS);
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void aFileReplayRunsToTheEndInALocalEnvironmentWithoutACluster(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(replayOf(dir, kafka, "4"), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            try (TopicReader curated = new TopicReader(kafka.bootstrapServers(), "main.curated")) {
                curated.awaitAtLeast(120, Duration.ofSeconds(30));
                assertThat(curated.drain(Duration.ofSeconds(1))).hasSize(120);
            }
        }
    }

    /** A replay that trained on nothing must not end as if it had: exit status 1, and the reason on stderr. */
    @Test
    void aReplayWhoseTrainingRecordsAllBecameDeadLettersExitsWithStatusOne(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // The task expects five features; every sample has four.
            int status = run(replayOf(dir, kafka, "5"), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("every one of the 120 training records went to the dead-letter topic main.dlq");
            try (TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "main.dlq")) {
                deadLetters.awaitAtLeast(120, Duration.ofSeconds(30));
            }
        }
    }
}
