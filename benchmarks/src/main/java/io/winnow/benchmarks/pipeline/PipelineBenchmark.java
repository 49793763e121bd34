package io.winnow.benchmarks.pipeline;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.LocalCheckpoints;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.Example;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.device.EngineSettings;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples per second through the whole pipeline (Kafka source, decoding, validation, batching,
 * SAMA training, encoding, exactly-once Kafka sink) against the engine's own loop on the same
 * model, batch size and data, in one run. Both are timed from the end of the first batch to the end
 * of the last, so engine warm-up, job start-up and the final commit latency count on neither side:
 * the pipeline's span runs from the first to the last curated result's production time.
 *
 * <p>Engine loops and pipeline runs alternate for {@code --rounds} rounds; each pipeline run is
 * compared with the engine runs on either side of it and the median ratio is the result, so that a
 * slow phase of a shared machine does not decide it.
 *
 * <pre>java ... io.winnow.benchmarks.pipeline.PipelineBenchmark [--samples 20000] [--rounds 3] [--dimension 768] [--hidden 1024] [--batch 32]</pre>
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = CommandLine.parse(args).flags();
        int samples = Integer.parseInt(flags.getOrDefault("samples", "20000"));
        int dimension = Integer.parseInt(flags.getOrDefault("dimension", "768"));
        int hidden = Integer.parseInt(flags.getOrDefault("hidden", "1024"));
        int batch = Integer.parseInt(flags.getOrDefault("batch", "32"));
        Path json = Path.of(flags.getOrDefault("json", "target/pipeline-benchmark.json"));
        EngineSettings.threads(1, 1);

        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "3"));
        NoisyClusters data = new NoisyClusters(11, 4, dimension, samples, 256, 0, 0.3, 1.0);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
            JobConfig config = config(kafka, dimension, hidden, batch, 0);
            // Warm-up of both sides, each over the whole data once (JIT, allocator, class loading): a first job in a
            // JVM runs cold for thousands of samples, and the engine loop alone warms up only the engine's code.
            engineLoop(config, data, batch);
            pipeline(kafka, config, data.trusted(), data.train());
            // Engine and pipeline alternate, so that a slow phase of this shared machine hits both; each round's
            // pipeline is compared with the engine runs just before and after it, and the median round counts.
            double[] engine = new double[rounds + 1];
            double[] pipeline = new double[rounds];
            double[] ratios = new double[rounds];
            engine[0] = engineLoop(config, data, batch);
            for (int round = 0; round < rounds; round++) {
                pipeline[round] = pipeline(kafka, config(kafka, dimension, hidden, batch, round + 1), data.trusted(), data.train());
                engine[round + 1] = engineLoop(config, data, batch);
                ratios[round] = pipeline[round] / ((engine[round] + engine[round + 1]) / 2);
            }
            double ratio = median(ratios);
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "Pipeline benchmark: MLP %d-%d-4, batch %d, SAMA reweighting, unroll 10, %d samples, 1 PyTorch thread%n",
                    dimension, hidden, batch, samples));
            for (int round = 0; round < rounds; round++) {
                table.append(String.format(Locale.ROOT,
                        "  round %d: engine %6.0f, pipeline %6.0f, engine %6.0f samples/s  ratio %.3f%n",
                        round + 1, engine[round], pipeline[round], engine[round + 1], ratios[round]));
            }
            table.append(String.format(Locale.ROOT,
                    "  (pipeline: Kafka in, decode, validate, batch, train, encode, Kafka out, exactly once)%n"
                            + "  ratio pipeline/engine, median of %d rounds: %.3f (target >= 0.9: %s)%n",
                    rounds, ratio, ratio >= 0.9 ? "PASS" : "MISS"));
            System.out.print(table);
            write(json, String.format(Locale.ROOT,
                    "{\"samples\": %d, \"dimension\": %d, \"hidden\": %d, \"batch\": %d, \"engineSamplesPerSecond\": %s,"
                            + " \"pipelineSamplesPerSecond\": %s, \"ratios\": %s, \"ratio\": %.4f, \"target\": 0.9}%n",
                    samples, dimension, hidden, batch, java.util.Arrays.toString(engine), java.util.Arrays.toString(pipeline),
                    java.util.Arrays.toString(ratios), ratio));
            System.out.println("  written to " + json);
        }
        System.exit(0);
    }

    /** Round {@code round}'s job: its own topics, group and transactional ids. */
    private static JobConfig config(EmbeddedKafka kafka, int dimension, int hidden, int batch, int round) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.group-id", "winnow-benchmark-" + round);
        s.put("kafka.starting-offsets", "earliest");
        s.put("job.name", "winnow-pipeline-benchmark-" + round);
        for (String topic : List.of("samples", "trusted", "curated", "metrics", "dlq")) {
            s.put("topics." + topic, "bench-" + round + "." + topic);
        }
        s.put("job.bounded", "true");
        // The job's default checkpoint interval (10 s): each checkpoint serialises the trainer.
        s.put("job.checkpoint-dir", LocalCheckpoints.temporaryDirectory());
        s.put("batch.size", Integer.toString(batch));
        s.put("batch.max-wait", "1000");
        s.put("tasks", "bench");
        s.put("task.bench.classes", "4");
        s.put("task.bench.input.dimension", Integer.toString(dimension));
        s.put("task.bench.mlp.hidden", Integer.toString(hidden));
        s.put("task.bench.unroll", "10");
        s.put("task.bench.meta-batch", Integer.toString(batch));
        s.put("task.bench.seed", "3");
        return JobConfig.from(new Settings(s));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double engineLoop(JobConfig config, NoisyClusters data, int batch) {
        return engineLoop(config, data.train(), data.trusted(), batch);
    }

    /** Samples/s of the trainer alone, from the end of the first batch to the end of the last. */
    private static double engineLoop(JobConfig config, List<Example> train, List<Example> trusted, int batch) {
        try (SamaTrainer trainer = SamaTrainer.create(config.tasks().get("bench").trainer())) {
            trainer.addTrusted(trusted);
            trainer.train(train.subList(0, batch));
            long started = System.nanoTime();
            int done = 0;
            for (int start = batch; start + batch <= train.size(); start += batch) {
                trainer.train(train.subList(start, start + batch));
                done += batch;
            }
            return done / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static double pipeline(EmbeddedKafka kafka, JobConfig config, List<Example> trusted, List<Example> train)
            throws Exception {
        kafka.createTopics(1, config.topics().samples(), config.topics().trusted(), config.topics().curated(),
                config.topics().metrics(), config.topics().deadLetters());
        try (SampleProducer producer = new SampleProducer(kafka.bootstrapServers())) {
            producer.send(config.topics().trusted(), "bench", SampleKind.TRUSTED, trusted);
            producer.send(config.topics().samples(), "bench", SampleKind.TRAINING, train);
            producer.flush();
        }
        Configuration flink = CurationJob.localConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        CurationJob.addTo(env, config);
        // Bounded: the job ends after the last sample, so nothing else competes for the cores while it runs.
        env.execute(config.jobName());
        int expected = train.size();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int firstBatchSize = config.batching().batchSize();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), config.topics().curated())) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.awaitAtLeast(expected, Duration.ofMinutes(2));
            if (records.size() < expected) {
                throw new IllegalStateException("only " + records.size() + " of " + expected + " results arrived");
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                CuratedSample result = Codecs.curatedSample().decode(record.value());
                long produced = result.getProducedAt().toEpochMilli();
                first = Math.min(first, produced);
                last = Math.max(last, produced);
            }
        }
        return (expected - firstBatchSize) / Math.max(1e-3, (last - first) / 1000.0);
    }

    private static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, content);
    }
}
