package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.TopicReader;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void aFileReplayRunsToTheEndInALocalEnvironmentWithoutACluster(@TempDir Path dir) throws Exception {
        NoisyClusters data = new NoisyClusters(3, 3, 4, 120, 30, 20, 0.2, 0.4);
        Path samples = dir.resolve("samples.jsonl");
        Path trusted = dir.resolve("trusted.jsonl");
        Files.write(samples, data.train().stream().map(e -> json(e, "TRAINING")).toList());
        List<String> trustedLines = new ArrayList<>(data.trusted().stream().map(e -> json(e, "TRUSTED")).toList());
        trustedLines.addAll(data.test().stream().map(e -> json(e, "EVAL")).toList());
        Files.write(trusted, trustedLines);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            kafka.createTopics("main.curated", "main.metrics", "main.dlq", "main.predictions");
            String[] args = {
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--job.name", "main", "--job.checkpoint-interval-ms", "1000",
                "--topics.samples", "main.samples", "--topics.trusted", "main.trusted",
                "--topics.curated", "main.curated", "--topics.metrics", "main.metrics",
                "--topics.dlq", "main.dlq", "--topics.predictions", "main.predictions",
                "--files.samples", samples.toString(), "--files.trusted", trusted.toString(),
                "--batch.size", "16", "--tasks", "alpha", "--task.alpha.classes", "3",
                "--task.alpha.input.dimension", "4", "--task.alpha.mlp.hidden", "8"};
            Future<?> main = runner.submit(() -> {
                CurationJobMain.main(args);
                return null;
            });
            main.get(180, TimeUnit.SECONDS); // a job waiting for a second slot never returns
            try (TopicReader curated = new TopicReader(kafka.bootstrapServers(), "main.curated")) {
                curated.awaitAtLeast(120, Duration.ofSeconds(30));
                assertThat(curated.drain(Duration.ofSeconds(1))).hasSize(120);
            }
        } finally {
            runner.shutdownNow();
        }
    }
}
