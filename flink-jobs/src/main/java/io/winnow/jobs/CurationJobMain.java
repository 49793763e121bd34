package io.winnow.jobs;

import io.winnow.jobs.config.ConfigException;
import io.winnow.jobs.config.JobConfig;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
            "Exit status 2: a configuration error, named with its key.");

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        JobConfig config;
        try {
            config = JobConfig.fromArgs(args);
        } catch (ConfigException e) {
            System.err.println("winnow: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // On a cluster (flink run) the cluster's environment and its settings; without one (java -cp ...)
        // a local MiniCluster with the slots and the bounded restarts a laptop run needs.
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CurationJob.flinkConfiguration(config));
        if (env instanceof LocalStreamEnvironment) {
            env = StreamExecutionEnvironment.createLocalEnvironment(CurationJob.localConfiguration(config));
        }
        CurationJob.addTo(env, config);
        env.execute(config.jobName());
    }
}
