package io.winnow.demo;

import io.winnow.benchmarks.BenchmarkOptions;
import io.winnow.benchmarks.LabelNoise;
import io.winnow.embedded.EmbeddedKafka;
import io.winnow.embedded.LocalCheckpoints;
import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.CurationJob;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.JobOptions;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.Example;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.SampleKind;
import io.winnow.tools.TopicSetup;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Winnow's main job end to end on embedded parts: an in-process Kafka broker (KRaft, loopback
 * only) unless {@code --bootstrap-servers} names an existing one, a Flink MiniCluster, and a stream
 * of real e-mails (the SpamAssassin corpus, fetched by benchmarks/fetch-spamassassin.sh) with noisy or
 * weak labels, or with {@code --data generated} (or without the corpus) generated samples with
 * flipped labels. Shows progress as curated results are committed and ends with a summary.
 */
public final class WinnowDemo {

    static final String TASK = "demo";

    private WinnowDemo() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args, System.out);
        } catch (ConfigException e) {
            System.err.println("winnow demo: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    static void run(String[] args, PrintStream out) throws Exception {
        WinnowDemoOptions options = new WinnowDemoOptions();
        picocli.CommandLine cli = new picocli.CommandLine(options).setUnmatchedArgumentsAllowed(true)
                .setUnmatchedOptionsArePositionalParams(false);
        picocli.CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (picocli.CommandLine.ParameterException e) {
            throw new ConfigException(e.getMessage() + " (--help lists the options)", e);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(out);
            return;
        }
        CommandLine commandLine = CommandLine.parse(options.jobArgs.toArray(String[]::new));
        commandLine.jobSettings(); // refuses undotted options: the demo's own were taken off by picocli
        DemoStream stream = stream(options, parsed.hasMatchedOption("--data") || parsed.hasMatchedOption("--corpus"), out);
        boolean external = commandLine.settings().contains(JobOptions.BOOTSTRAP_SERVERS);
        try (EmbeddedKafka embedded = external ? null : EmbeddedKafka.builder().partitions(2).start()) {
            String bootstrap = external ? commandLine.settings().get(JobOptions.BOOTSTRAP_SERVERS) : embedded.bootstrapServers();
            JobConfig config = JobConfig.from(demoSettings(bootstrap, stream).with(commandLine.settings().asMap()));
            out.printf("Winnow demo: curation job on a Flink MiniCluster, Kafka at %s%s%n", bootstrap,
                    external ? "" : " (in-process)");
            out.printf("  stream of task '%s': %s%n%n", TASK, stream.description());
            TopicSetup.createMissing(config, 2);
            JobClient job = startJob(config);
            try {
                produce(bootstrap, config, stream);
                follow(bootstrap, config, stream, job, out);
                printWhereNext(out, config, external);
            } finally {
                JobWatch.cancel(job);
            }
        }
    }

    /** The SpamAssassin e-mails when the corpus is there (or asked for), else generated samples. */
    private static DemoStream stream(WinnowDemoOptions options, boolean askedForData, PrintStream out) {
        String data = options.data;
        if (!data.equals("spamassassin") && !data.equals("generated")) {
            throw new ConfigException("--data must be spamassassin or generated, got '" + data + "'");
        }
        Path corpus = options.corpus != null ? options.corpus : BenchmarkOptions.DEFAULT_DATA;
        if (data.equals("spamassassin") && !Files.isDirectory(corpus)) {
            if (askedForData) {
                throw new ConfigException("no SpamAssassin corpus at " + corpus + " (benchmarks/fetch-spamassassin.sh fetches it)");
            }
            out.printf("(no SpamAssassin corpus at %s: streaming generated samples; benchmarks/fetch-spamassassin.sh fetches it)%n",
                    corpus);
            data = "generated";
        }
        if (data.equals("generated")) {
            require(options.samples >= 100, "--samples must be at least 100");
            return new GeneratedDemoStream(options.seed, options.samples, options.noise);
        }
        LabelNoise labels;
        try {
            labels = LabelNoise.parse(options.labels);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--labels: " + e.getMessage(), e);
        }
        require(options.passes >= 1, "--passes must be at least 1");
        return new SpamDemoStream(corpus, labels, options.passes, options.seed);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }

    static Settings demoSettings(String bootstrap, DemoStream stream) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", bootstrap);
        s.put("kafka.group-id", "winnow-demo");
        s.put("kafka.starting-offsets", "earliest");
        s.put("job.name", "winnow-demo");
        s.put("job.checkpoint-interval", "1000");
        s.put("job.checkpoint-dir", LocalCheckpoints.temporaryDirectory());
        s.put("batch.size", "32");
        s.put("batch.max-wait", "200");
        s.put("tasks", TASK);
        stream.taskSettings().forEach((key, value) -> s.put("task." + TASK + "." + key, value));
        s.put("task.demo.seed", "7");
        return new Settings(s);
    }

    /** Starts the job on a local MiniCluster; returns without waiting for it. */
    private static JobClient startJob(JobConfig config) throws Exception {
        Configuration flink = CurationJob.localConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        CurationJob.addTo(env, config);
        return env.executeAsync(config.jobName());
    }

    private static void produce(String bootstrap, JobConfig config, DemoStream data) {
        try (SampleProducer producer = new SampleProducer(bootstrap)) {
            producer.send(config.topics().trusted(), TASK, SampleKind.TRUSTED, data.trusted());
            List<Example> train = data.training();
            producer.send(config.topics().samples(), TASK, SampleKind.TRAINING, train);
            producer.flush();
        }
    }

    private static void follow(String bootstrap, JobConfig config, DemoStream data, JobClient job, PrintStream out) {
        DemoProgress progress = new DemoProgress(data);
        long expected = data.training().size();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (TopicReader curated = new TopicReader(bootstrap, config.topics().curated());
                TopicReader metrics = new TopicReader(bootstrap, config.topics().metrics());
                TopicReader dead = new TopicReader(bootstrap, config.topics().deadLetters())) {
            long lastLine = 0;
            while (progress.results() < expected && System.nanoTime() < deadline) {
                List<ConsumerRecord<byte[], byte[]>> arrived = curated.poll(Duration.ofMillis(250));
                for (ConsumerRecord<byte[], byte[]> record : arrived) {
                    progress.add(Codecs.curatedSample().decode(record.value()));
                }
                if (arrived.isEmpty()) {
                    JobWatch.requireRunning(job);
                }
                if (System.nanoTime() - lastLine > 2_000_000_000L || progress.results() >= expected) {
                    progress.printLine(out, expected);
                    lastLine = System.nanoTime();
                }
            }
            metrics.drain(Duration.ofSeconds(2));
            dead.drain(Duration.ofMillis(500));
            progress.printSummary(out, dead.all().size(), metrics.all().size());
        }
    }

    /** Where a newcomer looks next. */
    private static void printWhereNext(PrintStream out, JobConfig config, boolean external) {
        out.printf("%nWhere next%n");
        out.printf("  the results     topic %s (one CuratedSample per sample: weight, corrected label), task metrics on %s,"
                + " dead letters on %s%n", config.topics().curated(), config.topics().metrics(), config.topics().deadLetters());
        if (!external) {
            out.printf("                  (the in-process broker goes away with the demo; --bootstrap-servers HOST:PORT"
                    + " writes them to your Kafka)%n");
        }
        out.printf("  the benchmark   benchmarks/spamassassin.sh --experiments table --seeds 1   (every method against the"
                + " simple baselines; results in BENCHMARKS.md)%n");
        out.printf("  your own data   README.md: Configuration, and Running on a Flink cluster (a real cluster on this machine)%n");
        out.printf("  the options     ./demo.sh --help%n");
    }
}
