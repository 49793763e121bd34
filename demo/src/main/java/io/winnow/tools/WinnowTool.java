package io.winnow.tools;

import io.winnow.embedded.SampleProducer;
import io.winnow.embedded.TopicReader;
import io.winnow.jobs.config.CommandLine;
import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.JobConfig;
import io.winnow.sama.synthetic.NoisyClusters;
import io.winnow.schemas.AvroTrust;
import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.SampleKind;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator's helpers around a curation job, with the job's own configuration:
 *
 * <pre>
 * create-topics   --config job.properties [--partitions 2]          the job's topics, where missing
 * produce-demo    --config job.properties --task T --samples N [--noise 0.4] [--seed 7] [--start 0]
 *                                                                     generated noisy samples (task: dense, 4 classes, 16 features)
 * check-results   --config job.properties --expect N [--timeout-s 300]
 *                                                                     reads the curated topic read_committed and checks
 *                                                                     exactly one result per sample id
 * </pre>
 */
public final class WinnowTool {

    private WinnowTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: WinnowTool create-topics|produce-demo|check-results --config FILE [options]");
            System.exit(2);
        }
        AvroTrust.trustGeneratedClasses();
        CommandLine commandLine = CommandLine.parse(Arrays.copyOfRange(args, 1, args.length));
        Map<String, String> flags = new HashMap<>(commandLine.flags());
        JobConfig config = JobConfig.from(commandLine.settings());
        int status = switch (args[0]) {
            case "create-topics" -> createTopics(config, Integer.parseInt(flags.getOrDefault("partitions", "2")));
            case "produce-demo" -> produce(config, flags);
            case "check-results" -> check(config, Integer.parseInt(required(flags, "expect")),
                    Integer.parseInt(flags.getOrDefault("timeout-s", "300")));
            default -> throw new ConfigException("unknown command " + args[0]);
        };
        System.exit(status);
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            throw new ConfigException("--" + name + " is required");
        }
        return value;
    }

    static int createTopics(JobConfig config, int partitions) throws Exception {
        System.out.println("created " + TopicSetup.createMissing(config, partitions) + " topic(s)");
        return 0;
    }

    static int produce(JobConfig config, Map<String, String> flags) {
        String task = required(flags, "task");
        int samples = Integer.parseInt(required(flags, "samples"));
        int start = Integer.parseInt(flags.getOrDefault("start", "0"));
        NoisyClusters data = new NoisyClusters(Long.parseLong(flags.getOrDefault("seed", "7")), 4, 16, start + samples,
                100, 0, Double.parseDouble(flags.getOrDefault("noise", "0.4")), 1.2);
        try (SampleProducer producer = new SampleProducer(config.kafka().bootstrapServers())) {
            if (start == 0) {
                producer.send(config.topics().trusted(), task, SampleKind.TRUSTED, data.trusted());
            }
            producer.send(config.topics().samples(), task, SampleKind.TRAINING, data.train().subList(start, start + samples));
            producer.flush();
        }
        System.out.println("produced " + samples + " training samples" + (start == 0 ? " and 100 trusted samples" : ""));
        return 0;
    }

    static int check(JobConfig config, int expected, int timeoutSeconds) {
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
            System.out.printf("curated results: %d, distinct samples: %d, duplicated: %d, highest model version: %d%n",
                    records.size(), perId.size(), duplicates, maxVersion);
            boolean exact = records.size() == expected && perId.size() == expected && duplicates == 0;
            System.out.println(exact ? "OK: exactly one result per sample" : "NOT EXACT: expected " + expected);
            return exact ? 0 : 1;
        }
    }
}
