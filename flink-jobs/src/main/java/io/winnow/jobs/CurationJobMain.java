package io.winnow.jobs;

import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.ingest.IntakeTally;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Entry point of the job jar on a Flink cluster:
 * {@code flink run -c io.winnow.jobs.CurationJobMain winnow-jobs.jar --config curation.properties [--key value ...]}.
 */
@PublicEvolving
public final class CurationJobMain {

    private CurationJobMain() {}

    /** What {@code --help} prints. */
    public static final String USAGE = String.join("\n",
            "usage: flink run -c io.winnow.jobs.CurationJobMain winnow-flink-jobs-<version>-job.jar \\",
            "           --config curation.properties [--<key> <value> ...]",
            "       java -cp <job jar and Flink> io.winnow.jobs.CurationJobMain --config ... (a local MiniCluster)",
            "",
            "Curates weakly labeled samples from Kafka (or files, for a replay) with SAMA and writes one curated",
            "record per sample back to Kafka, exactly once.",
            "",
            "  --config FILE        Java properties with the job's settings (example: k8s/base/curation.properties)",
            "  --<key> <value>      overrides one setting of the file, e.g. --kafka.bootstrap-servers host:9092,",
            "                       --job.parallelism 2, --task.spam.meta-lr 0.01; every key is a dotted name",
            "  --bootstrap-servers  shortcut for --kafka.bootstrap-servers",
            "  --help, -h           this text",
            "",
            "Keys: kafka.*, topics.*, job.*, batch.*, replay.*, files.*, tasks and task.<name>.* (README: Configuration).",
            "Exit status 1: a bounded run (job.bounded = true) whose training records all went to the dead-letter",
            "topic (nothing was curated); 2: a configuration error, named with its key.");

    public static void main(String[] args) throws Exception {
        int status = run(args, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the job to its end (a bounded run) or until it is cancelled, and returns the exit status
     * that {@link #USAGE} documents; {@code err} gets the reason for a non-zero one.
     */
    static int run(String[] args, PrintStream err) throws Exception {
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println(USAGE);
            return 0;
        }
        JobConfig config;
        try {
            config = JobConfig.fromArgs(args);
        } catch (ConfigException e) {
            err.println("winnow: configuration error: " + e.getMessage());
            return 2;
        }
        // On a cluster (flink run) the cluster's environment and its settings; without one (java -cp ...)
        // a local MiniCluster with the slots and the bounded restarts a laptop run needs.
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        if (env instanceof LocalStreamEnvironment) {
            env = StreamExecutionEnvironment.createLocalEnvironment(CurationJob.localConfiguration(config));
        }
        CurationJob.addTo(env, config);
        JobExecutionResult result = env.execute(config.jobName());
        Optional<String> nothingCurated = config.bounded()
                ? IntakeTally.nothingCurated(result, config.topics().deadLetters()) : Optional.empty();
        nothingCurated.ifPresent(reason -> err.println("winnow: " + config.jobName() + ": " + reason));
        return nothingCurated.isPresent() ? 1 : 0;
    }
}
