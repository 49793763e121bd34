package io.winnow.tools;

import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.AvroTrust;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * Operator's helpers around a curation job, each reading the job's own configuration
 * ({@code --config job.properties}, plus any job key as {@code --key value}): create its topics,
 * produce a generated stream, check the curated topic for exactly one result per sample, and replay
 * one's own files with nothing else running ({@link FileReplay}).
 * {@code --help} on the tool and on each command lists the options.
 */
@Command(name = "WinnowTool", usageHelpWidth = 100,
        description = "Helpers around a curation job, with the job's own configuration.",
        subcommands = {WinnowTool.CreateTopics.class, WinnowTool.ProduceDemo.class, WinnowTool.CheckResults.class,
            WinnowTool.Replay.class})
public final class WinnowTool {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    private final PrintStream out;

    WinnowTool(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs one command; returns its exit status (2 for a usage or configuration error). */
    static int run(String[] args, PrintStream out) {
        AvroTrust.trustGeneratedClasses();
        picocli.CommandLine cli = new picocli.CommandLine(new WinnowTool(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println("WinnowTool: " + error.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    /** What every command takes: the job's configuration file and job keys as {@code --key value}. */
    abstract static class JobCommand implements Callable<Integer> {

        @ParentCommand
        WinnowTool tool;

        @Option(names = "--config", paramLabel = "FILE", description = "the job's properties file")
        String configFile;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;

        @Unmatched
        List<String> jobKeys = new ArrayList<>();

        JobConfig config() {
            return JobConfig.from(settings());
        }

        /** The file and the {@code --key value} overrides, before they become a configuration. */
        Settings settings() {
            List<String> args = new ArrayList<>(jobKeys);
            if (configFile != null) {
                args.add(0, "--config");
                args.add(1, configFile);
            }
            return CommandLine.parse(args.toArray(String[]::new)).jobSettings();
        }
    }

    @Command(name = "create-topics", usageHelpWidth = 100,
            description = "Creates the job's topics where they are missing (a replay's predictions topic included).")
    static final class CreateTopics extends JobCommand {

        @Option(names = "--partitions", defaultValue = "2", description = "partitions of each new topic (default: ${DEFAULT-VALUE})")
        int partitions;

        @Override
        public Integer call() throws Exception {
            tool.out.println("created " + TopicSetup.createMissing(config(), partitions) + " topic(s)");
            return 0;
        }
    }

    @Command(name = "produce-demo", usageHelpWidth = 100,
            description = "Produces generated noisy samples (dense, 4 classes, 16 features) and, from the start, 100 trusted ones.")
    static final class ProduceDemo extends JobCommand {

        @Option(names = "--task", required = true, description = "the task the samples belong to")
        String task;

        @Option(names = "--samples", required = true, description = "training samples to produce")
        int samples;

        @Option(names = "--noise", defaultValue = "0.4", description = "share of flipped labels (default: ${DEFAULT-VALUE})")
        double noise;

        @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--start", defaultValue = "0",
                description = "index of the first sample, to continue a stream (trusted samples only at 0)")
        int start;

        @Override
        public Integer call() {
            JobConfig config = config();
            NoisyClusters data = new NoisyClusters(seed, 4, 16, start + samples, 100, 0, noise, 1.2);
            try (SampleProducer producer = new SampleProducer(config.kafka().bootstrapServers())) {
                if (start == 0) {
                    producer.send(config.topics().trusted(), task, SampleKind.TRUSTED, data.trusted());
                }
                producer.send(config.topics().samples(), task, SampleKind.TRAINING, data.train().subList(start, start + samples));
                producer.flush();
            }
            tool.out.println("produced " + samples + " training samples" + (start == 0 ? " and 100 trusted samples" : ""));
            return 0;
        }
    }

    @Command(name = "check-results", usageHelpWidth = 100,
            description = "Reads the curated topic (read_committed) and checks exactly one result per sample id; exit 1 if not.")
    static final class CheckResults extends JobCommand {

        @Option(names = "--expect", required = true, description = "how many distinct samples the topic must hold")
        int expected;

        @Option(names = "--timeout-s", defaultValue = "300", description = "how long to wait for them (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() {
            JobConfig config = config();
            try (TopicReader reader = new TopicReader(config.kafka().bootstrapServers(), config.topics().curated())) {
                reader.awaitAtLeast(expected, Duration.ofSeconds(timeoutSeconds));
                List<ConsumerRecord<byte[], byte[]>> records = reader.drain(Duration.ofSeconds(5));
                Map<String, Integer> perId = new HashMap<>();
                long maxVersion = -1;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    CuratedSample result = Codecs.curatedSample().decode(record.value());
                    perId.merge(result.getId(), 1, Integer::sum);
                    maxVersion = Math.max(maxVersion, result.getModelVersion());
                }
                long duplicates = perId.values().stream().filter(count -> count > 1).count();
                tool.out.printf("curated results: %d, distinct samples: %d, duplicated: %d, highest model version: %d%n",
                        records.size(), perId.size(), duplicates, maxVersion);
                boolean exact = records.size() == expected && perId.size() == expected && duplicates == 0;
                tool.out.println(exact ? "OK: exactly one result per sample" : "NOT EXACT: expected " + expected);
                return exact ? 0 : 1;
            }
        }
    }

    @Command(name = "replay", usageHelpWidth = 100,
            description = {"Replays the job's files (files.samples, files.trusted) through the curation job, bounded, on an"
                    + " in-process Kafka broker and a local Flink MiniCluster; prints a summary and writes curated.jsonl,"
                    + " predictions.jsonl, dead-letters.jsonl and summary.txt to --out.",
                "Exit status 1 when every record went to the dead-letter topic."},
            footer = "Any job key as --key value, e.g. --task.mine.meta-lr 0.003 (keys: flink-jobs/conf/curation.example.properties).")
    static final class Replay extends JobCommand {

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/replay",
                description = "where the result files go (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--true-labels", paramLabel = "FILE",
                description = "JSON lines with \"id\" and the true \"label\" of training samples (e.g. a clean copy of the"
                        + " samples file): the summary then measures the weights and corrections against them")
        Path trueLabels;

        @Override
        public Integer call() throws Exception {
            Settings settings = settings();
            Map<String, Integer> truth = trueLabels == null ? null : ReplayFiles.readTrueLabels(trueLabels);
            FileReplay.Outcome outcome = FileReplay.run(settings);
            Files.createDirectories(out);
            ReplayFiles.writeJsonLines(out.resolve("curated.jsonl"), outcome.curated());
            ReplayFiles.writeJsonLines(out.resolve("predictions.jsonl"), outcome.predictions());
            ReplayFiles.writeJsonLines(out.resolve("dead-letters.jsonl"), outcome.deadLetters());
            ReplaySummary summary = new ReplaySummary(outcome, truth);
            Files.writeString(out.resolve("summary.txt"), summary.text());
            tool.out.print(summary.text());
            tool.out.printf("%nfiles: %s (curated.jsonl %d lines, predictions.jsonl %d, dead-letters.jsonl %d, summary.txt)%n",
                    out.toAbsolutePath(), outcome.curated().size(), outcome.predictions().size(), outcome.deadLetters().size());
            // Every training record a dead letter: the replay ran, but on the wrong settings.
            return outcome.nothingCurated().isPresent() ? 1 : 0;
        }
    }
}
