package io.winnow.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The researcher's route: one's own JSON-lines files replayed with one command (WinnowTool replay)
 * on an in-process broker and a MiniCluster, a summary against the true labels, and result files a
 * notebook can open.
 */
class FileReplayITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sample(Example e, String kind, int label) {
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < e.features().length; i++) {
            features.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", e.features()[i]));
        }
        return String.format(Locale.ROOT, "{\"id\": \"%s\", \"task\": \"clusters\", \"kind\": \"%s\", \"features\": [%s], \"label\": %d}",
                e.id(), kind, features, label);
    }

    private static Path properties(Path dir, Path samples, Path trusted, String extra) throws IOException {
        Path file = dir.resolve("replay.properties");
        Files.writeString(file, String.join("\n",
                "tasks = clusters",
                "files.samples = " + samples,
                "files.trusted = " + trusted,
                "replay.epochs = 3",
                "task.clusters.classes = 4",
                "task.clusters.input.dimension = 16",
                "task.clusters.mlp.hidden = 64",
                "task.clusters.lr = 0.003",
                "task.clusters.meta-lr = 0.003",
                extra));
        return file;
    }

    @Test
    void replaysOwnFilesAndMeasuresTheWeightsAgainstTheTrueLabels(@TempDir Path dir) throws Exception {
        NoisyClusters data = new NoisyClusters(11, 4, 16, 1200, 100, 300, 0.4, 1.2);
        List<String> training = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (Example e : data.train()) {
            training.add(sample(e, "TRAINING", e.label()));
            truth.add(sample(e, "TRAINING", data.trueLabel(e.id())));
        }
        List<String> trusted = new ArrayList<>();
        data.trusted().forEach(e -> trusted.add(sample(e, "TRUSTED", e.label())));
        data.test().forEach(e -> trusted.add(sample(e, "EVAL", e.label())));
        Path samples = Files.write(dir.resolve("samples.jsonl"), training);
        Path trustedFile = Files.write(dir.resolve("trusted.jsonl"), trusted);
        Path trueLabels = Files.write(dir.resolve("true-labels.jsonl"), truth);
        Path out = dir.resolve("out");

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = WinnowTool.run(new String[] {"replay", "--config", properties(dir, samples, trustedFile, "").toString(),
            "--out", out.toString(), "--true-labels", trueLabels.toString()}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String summary = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(summary);

        assertThat(status).as(summary).isZero();
        assertThat(summary).contains("task 'clusters'", "results             3600 (1200 samples)", "dead letters        0");
        assertThat(number(summary, "EVAL accuracy       ([0-9.]+)")).as(summary).isGreaterThan(0.7);
        assertThat(number(summary, "given labels wrong  \\d+ of 1200 samples with a true label \\(([0-9.]+)%")).isBetween(35.0, 45.0);
        assertThat(number(summary, "weight ROC AUC      ([0-9.]+)")).as(summary).isGreaterThan(0.85);
        assertThat(Files.readString(out.resolve("summary.txt"))).isEqualTo(summary.substring(0, summary.indexOf("\nfiles: ")));

        List<String> curated = Files.readAllLines(out.resolve("curated.jsonl"));
        assertThat(curated).hasSize(3600);
        JsonNode first = JSON.readTree(curated.get(0));
        assertThat(first.get("task").asText()).isEqualTo("clusters");
        assertThat(first.get("weight").isNumber()).isTrue();
        assertThat(first.get("correctedDistribution")).hasSize(4);
        List<String> predictions = Files.readAllLines(out.resolve("predictions.jsonl"));
        assertThat(predictions).hasSize(300);
        assertThat(JSON.readTree(predictions.get(0)).get("probabilities")).hasSize(4);
        assertThat(Files.readAllLines(out.resolve("dead-letters.jsonl"))).isEmpty();
    }

    /** Files that do not fit the task (here: 16 features where the task expects 8) are not a success. */
    @Test
    void aReplayWhoseRecordsAllGoToTheDeadLetterTopicExitsWithAnError(@TempDir Path dir) throws Exception {
        NoisyClusters data = new NoisyClusters(3, 4, 16, 100, 20, 0, 0.0, 1.2);
        List<String> training = data.train().stream().map(e -> sample(e, "TRAINING", e.label())).toList();
        List<String> trusted = data.trusted().stream().map(e -> sample(e, "TRUSTED", e.label())).toList();
        Path config = properties(dir, Files.write(dir.resolve("s.jsonl"), training), Files.write(dir.resolve("t.jsonl"), trusted), "");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = WinnowTool.run(new String[] {"replay", "--config", config.toString(), "--task.clusters.input.dimension", "8",
            "--out", dir.resolve("out").toString()}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String summary = buffer.toString(StandardCharsets.UTF_8);

        assertThat(status).as(summary).isEqualTo(1);
        // 100 training records x 3 epochs and 20 trusted ones, all 16 wide
        // The same rule and message as CurationJobMain's exit status: counted by validation, not read off the topic.
        assertThat(summary).contains("ERROR: every one of the 300 training records went to the dead-letter topic",
                "nothing was curated", "dead letters        320");
        assertThat(Files.readAllLines(dir.resolve("out").resolve("dead-letters.jsonl"))).hasSize(320);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
