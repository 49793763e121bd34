package io.winnow.benchmarks.pipeline;

import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.LocalCheckpoints;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.Example;
import io.winnow.sama.SamaTrainer;
import io.winnow.sama.device.EngineSettings;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
@Command(name = "PipelineBenchmark", usageHelpWidth = 100,
        description = "Samples/s of the whole job (Kafka in, train, Kafka out, exactly once) against the engine's own"
                + " loop, interleaved.%n")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(names = "--samples", defaultValue = "20000", description = "training samples per run (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--rounds", defaultValue = "3", description = "engine/pipeline rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--dimension", defaultValue = "768", description = "input features (default: ${DEFAULT-VALUE})")
    int dimension;

    @Option(names = "--hidden", defaultValue = "1024", description = "hidden units of the MLP (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--json", defaultValue = "target/pipeline-benchmark.json",
            description = "where the numbers are written (default: ${DEFAULT-VALUE})")
    Path json;

    public static void main(String[] args) {
        int status = new CommandLine(new PipelineBenchmark()).execute(args);
        System.exit(status); // Flink's and Kafka's non-daemon threads would keep the JVM alive
    }

    @Override
    public Integer call() throws Exception {
        if (samples < 2 * batch || rounds < 1 || batch < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "need --batch >= 1, --rounds >= 1 and --samples >= 2 x --batch");
        }
        EngineSettings.threads(1, 1);

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
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("samples", samples);
            numbers.put("dimension", dimension);
            numbers.put("hidden", hidden);
            numbers.put("batch", batch);
            numbers.put("engineSamplesPerSecond", engine);
            numbers.put("pipelineSamplesPerSecond", pipeline);
            numbers.put("ratios", ratios);
            numbers.put("ratio", ratio);
            numbers.put("target", 0.9);
            write(json, numbers);
            System.out.println("  written to " + json);
        }
        return 0;
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
        Arrays.sort(sorted);
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

    private static void write(Path file, Map<String, Object> numbers) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), numbers);
    }
}
