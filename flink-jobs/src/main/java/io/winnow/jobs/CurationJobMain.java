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

    public static void main(String[] args) throws Exception {
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
