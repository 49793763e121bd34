package io.winnow.benchmarks;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.Example;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.Prediction;
import io.winnow.schemas.avro.PretrainingWeight;
import io.winnow.schemas.avro.Sample;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.schemas.avro.TaskMetrics;

import org.apache.avro.file.DataFileWriter;
import org.apache.commons.io.FileUtils;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs one {@link RunSpec} through the real curation job, bounded: writes one shuffled Avro file per
 * epoch and a trusted file (TRUSTED and EVAL samples), runs {@link CurationJob} on the current
 * Flink environment (a MiniCluster when run locally) against Kafka, and reads the curated results,
 * metrics and predictions back from the run's own topics.
 */
public final class ReplayRunner {

    static final String TASK = "bench";

    private final EmbeddedKafka kafka;
    private final Path workDirectory;
    private final int batchSize;
    /** Numbers the runs of this JVM, so topics and folders of runs with the same name never collide. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    public ReplayRunner(EmbeddedKafka kafka, Path workDirectory, int batchSize) {
        this.kafka = kafka;
        this.workDirectory = workDirectory;
        this.batchSize = batchSize;
    }

    /** Samples per batch of every run. */
    public int batchSize() {
        return batchSize;
    }

    public RunResult run(RunSpec spec) {
        String id = String.format(java.util.Locale.ROOT, "r%03d-%s", RUNS.incrementAndGet(), spec.name());
        Path dir = workDirectory.resolve(id);
        try {
            Files.createDirectories(dir);
            List<String> epochFiles = writeEpochs(spec, dir);
            Path trusted = dir.resolve("trusted.avro");
            try (DataFileWriter<Sample> writer = writer(trusted)) {
                for (Example e : spec.trusted()) {
                    writer.append(SampleProducer.toSample(TASK, SampleKind.TRUSTED, e, Instant.EPOCH));
                }
                for (Example e : spec.evaluation()) {
                    writer.append(SampleProducer.toSample(TASK, SampleKind.EVAL, e, Instant.EPOCH));
                }
            }

            JobConfig config = JobConfig.from(new Settings(settings(id, spec, dir, epochFiles, trusted)));
            kafka.createTopics(1, config.topics().curated(), config.topics().metrics(), config.topics().deadLetters(),
                    config.topics().predictions(), config.topics().pretrainingWeights());
            Configuration flink = CurationJob.localConfiguration(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            CurationJob.addTo(env, config);
            long started = System.nanoTime();
            env.execute(config.jobName());
            double seconds = (System.nanoTime() - started) / 1e9;
            return collect(spec, config, seconds);
        } catch (Exception e) {
            throw new IllegalStateException("replay " + spec.name() + " failed: " + e.getMessage(), e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private Map<String, String> settings(String id, RunSpec spec, Path dir, List<String> epochFiles, Path trusted) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.group-id", id);
        s.put("job.name", "replay-" + id);
        s.put("job.checkpoint-interval", "5000");
        s.put("job.checkpoint-dir", dir.resolve("checkpoints").toUri().toString());
        s.put("job.restart-attempts", "0");
        s.put("batch.size", Integer.toString(batchSize));
        s.put("tasks", TASK);
        spec.taskSettings().forEach((key, value) -> s.put("task." + TASK + "." + key, value));
        s.put("task." + TASK + ".seed", Long.toString(spec.seed()));
        for (String topic : List.of("samples", "trusted", "curated", "metrics", "dlq", "predictions", "pretraining-weights")) {
            s.put("topics." + topic, id + "." + topic);
        }
        s.put("files.samples", String.join(",", epochFiles));
        s.put("files.trusted", trusted.toString());
        return s;
    }

    private static List<String> writeEpochs(RunSpec spec, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        Random random = new Random(spec.seed());
        List<Example> order = new ArrayList<>(spec.training());
        List<Example> finalOrder = new ArrayList<>(spec.finalTraining());
        for (int epoch = 1; epoch <= spec.epochs() + spec.finalEpochs(); epoch++) {
            List<Example> samples = epoch <= spec.epochs() ? order : finalOrder;
            Collections.shuffle(samples, random);
            Path file = dir.resolve("epoch-" + epoch + ".avro");
            try (DataFileWriter<Sample> writer = writer(file)) {
                for (Example e : samples) {
                    writer.append(SampleProducer.toSample(TASK, SampleKind.TRAINING, e, Instant.EPOCH));
                }
            }
            files.add(file.toString());
        }
        return files;
    }

    private static DataFileWriter<Sample> writer(Path file) throws IOException {
        DataFileWriter<Sample> writer = new DataFileWriter<>(new SpecificDatumWriter<>(Sample.class));
        return writer.create(Sample.getClassSchema(), file.toFile());
    }

    private RunResult collect(RunSpec spec, JobConfig config, double seconds) {
        int expectedPasses = spec.expectedResults();
        Map<String, List<RunResult.Pass>> passes = new HashMap<>();
        if (config.tasks().get(TASK).continuedPretraining()) {
            for (ConsumerRecord<byte[], byte[]> record : readAll(config.topics().pretrainingWeights(), expectedPasses)) {
                PretrainingWeight w = Codecs.pretrainingWeight().decode(record.value());
                passes.computeIfAbsent(w.getId(), id -> new ArrayList<>()).add(new RunResult.Pass(
                        (float) w.getWeight(), Example.NO_LABEL, Example.NO_LABEL, (float) w.getLoss(), w.getModelVersion()));
            }
        } else {
            for (ConsumerRecord<byte[], byte[]> record : readAll(config.topics().curated(), expectedPasses)) {
                CuratedSample c = Codecs.curatedSample().decode(record.value());
                passes.computeIfAbsent(c.getId(), id -> new ArrayList<>()).add(new RunResult.Pass(
                        (float) c.getWeight(), c.getCorrectedLabel(), c.getGivenLabel(), (float) c.getLoss(), c.getModelVersion()));
            }
        }
        passes.values().forEach(list -> list.sort(Comparator.comparingLong(RunResult.Pass::modelVersion)));
        Map<String, Integer> truth = new HashMap<>();
        spec.evaluation().forEach(e -> truth.put(e.id(), e.label()));
        int correct = 0;
        Map<String, float[]> probabilities = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> predictions = readAll(config.topics().predictions(), spec.evaluation().size());
        for (ConsumerRecord<byte[], byte[]> record : predictions) {
            Prediction p = Codecs.prediction().decode(record.value());
            correct += p.getPredictedLabel() == truth.get(p.getId().toString()) ? 1 : 0;
            float[] row = new float[p.getProbabilities().size()];
            for (int k = 0; k < row.length; k++) {
                row[k] = p.getProbabilities().get(k);
            }
            probabilities.put(p.getId().toString(), row);
        }
        List<Double> metaLosses = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), config.topics().metrics())) {
            for (ConsumerRecord<byte[], byte[]> record : reader.drain(Duration.ofMillis(500))) {
                TaskMetrics m = Codecs.taskMetrics().decode(record.value());
                if (m.getMetaLoss() != null) {
                    metaLosses.add(m.getMetaLoss());
                }
            }
        }
        double accuracy = spec.evaluation().isEmpty() ? Double.NaN : (double) correct / spec.evaluation().size();
        return new RunResult(spec.name(), accuracy, passes, metaLosses, probabilities, seconds);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            reader.awaitAtLeast(expected, Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> records = reader.drain(Duration.ofMillis(200)); // and nothing more
            if (records.size() != expected) {
                throw new IllegalStateException(topic + " holds " + records.size() + " records, expected " + expected);
            }
            return records;
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
