package io.winnow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.jobs.config.JobConfig;
import io.winnow.jobs.config.Settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint interval and the restart strategy have one owner each: the job's file when it sets
 * them, else the cluster's configuration (the FlinkDeployment's flinkConfiguration reaches the job as
 * the environment's configuration, as {@code cluster} does here).
 */
class SettingOwnershipTest {

    private static JobConfig job(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("tasks", "spam", "task.spam.classes", "2",
                "task.spam.input.dimension", "8"));
        s.putAll(extra);
        return JobConfig.from(new Settings(s));
    }

    private static CheckpointConfig checkpointsOn(Configuration cluster, JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        CurationJob.configureCheckpoints(env, config);
        return env.getCheckpointConfig();
    }

    private static Configuration clusterCheckpointingEvery(Duration interval) {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        return cluster;
    }

    @Test
    void theClustersCheckpointIntervalAppliesUnlessTheJobsFileSetsOne() {
        CheckpointConfig clusters = checkpointsOn(clusterCheckpointingEvery(Duration.ofSeconds(30)), job(Map.of()));
        assertThat(clusters.getCheckpointInterval()).isEqualTo(30_000);
        assertThat(clusters.getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);

        CheckpointConfig jobs = checkpointsOn(clusterCheckpointingEvery(Duration.ofSeconds(30)),
                job(Map.of("job.checkpoint-interval", "5000")));
        assertThat(jobs.getCheckpointInterval()).isEqualTo(5_000);
    }

    @Test
    void withoutAnIntervalFromEitherOwnerTheJobStillCheckpointsForExactlyOnce() {
        CheckpointConfig checkpoints = checkpointsOn(new Configuration(), job(Map.of()));
        assertThat(checkpoints.isCheckpointingEnabled()).isTrue();
        assertThat(checkpoints.getCheckpointInterval()).isEqualTo(CurationJob.DEFAULT_CHECKPOINT_INTERVAL.toMillis());
    }

    @Test
    void anAtLeastOnceClusterSettingIsRaisedToExactlyOnce() {
        Configuration cluster = clusterCheckpointingEvery(Duration.ofSeconds(30));
        cluster.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
        assertThat(checkpointsOn(cluster, job(Map.of())).getCheckpointingConsistencyMode())
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    }

    @Test
    void aClusterIntervalTheTransactionTimeoutDoesNotOutlastIsRefused() {
        JobConfig config = job(Map.of("kafka.transaction-timeout", "1 min"));
        assertThatThrownBy(() -> checkpointsOn(clusterCheckpointingEvery(Duration.ofMinutes(2)), config))
                .hasMessageContaining("kafka.transaction-timeout (60000 ms)")
                .hasMessageContaining("the cluster's execution.checkpointing.interval");
    }

    @Test
    void theJobSetsARestartStrategyOnlyWhenItsFileDoes() {
        assertThat(CurationJob.flinkConfiguration(job(Map.of())).getOptional(RestartStrategyOptions.RESTART_STRATEGY))
                .isEmpty();
        Configuration own = CurationJob.flinkConfiguration(job(Map.of("job.restart-attempts", "3")));
        assertThat(own.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(own.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(3);
        assertThat(own.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aLocalRunGetsTheSlotsTheJobNeedsAndBoundedRestartsUnlessItsFileSetsThem() {
        // Sources at job.parallelism; the curation group holds the operator and the encoders and sinks after it.
        assertThat(CurationJob.slotsNeeded(job(Map.of()))).isEqualTo(2);
        assertThat(CurationJob.slotsNeeded(job(Map.of("job.parallelism", "2")))).isEqualTo(4);
        assertThat(CurationJob.slotsNeeded(job(Map.of("job.curation-parallelism", "3")))).isEqualTo(4);
        Configuration local = CurationJob.localConfiguration(job(Map.of("job.parallelism", "2")));
        assertThat(local.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(4);
        assertThat(local.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(local.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(10);
        Configuration own = CurationJob.localConfiguration(job(Map.of("job.restart-attempts", "1")));
        assertThat(own.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(1);
    }
}
