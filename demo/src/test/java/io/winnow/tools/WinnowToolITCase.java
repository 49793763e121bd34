package io.winnow.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.TopicReader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The README's operator tool against a real broker: topics, a produced stream, help and errors. */
class WinnowToolITCase {

    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = WinnowTool.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isEqualTo(expectedStatus);
        return out;
    }

    @Test
    void createsAReplaysTopicsAndProducesAGeneratedStream() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            String[] job = {"--kafka.bootstrap-servers", kafka.bootstrapServers(), "--tasks", "demo",
                "--task.demo.classes", "4", "--task.demo.input.dimension", "16", "--job.bounded", "true"};
            String created = run(0, concat(new String[] {"create-topics", "--partitions", "1"}, job));
            assertThat(created).contains("created 6 topic(s)");
            try (Admin admin = kafka.createAdmin()) {
                Set<String> topics = admin.listTopics().names().get();
                assertThat(topics).contains("winnow.samples", "winnow.trusted", "winnow.curated", "winnow.metrics",
                        "winnow.dlq", "winnow.predictions");
            }
            assertThat(run(0, concat(new String[] {"create-topics"}, job))).contains("created 0 topic(s)");

            String produced = run(0, concat(new String[] {"produce-demo", "--task", "demo", "--samples", "50"}, job));
            assertThat(produced).contains("produced 50 training samples and 100 trusted samples");
            try (TopicReader samples = new TopicReader(kafka.bootstrapServers(), "winnow.samples")) {
                samples.awaitAtLeast(50, Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void helpListsTheCommandsAndTheirOptionsAndAMistakeIsAUsageError() {
        assertThat(run(0, "--help")).contains("create-topics", "produce-demo", "check-results", "replay");
        assertThat(run(0, "replay", "--help")).contains("--out", "--true-labels", "--config", "--key value");
        assertThat(run(0, "produce-demo", "--help")).contains("--samples", "--noise", "--config");
        assertThat(run(2, "produce-demo", "--samples", "5")).doesNotContain("produced"); // --task is required
        // An undotted option is no job key: refused, not dropped (the broker address would never be read).
        assertThat(run(2, "create-topics", "--tasks", "demo", "--task.demo.classes", "2",
                "--task.demo.input.dimension", "4", "--bootstrap", "127.0.0.1:1")).doesNotContain("created");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
