package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobExecutionResult;

import java.util.Optional;

/**
 * What validation let through, as counted by {@link ValidateFunction}'s accumulators, read from a
 * finished job's result: a bounded run (a replay) whose training records all went to the
 * dead-letter topic trained nothing, and its predictions come from an untrained model, so it must
 * fail loudly instead of ending FINISHED.
 *
 * <p>Flink keeps the accumulators of each task's last attempt: after a restore from a checkpoint,
 * the records read before that checkpoint are not counted. A run whose last attempt read only bad
 * records is then reported as curating nothing; the dead-letter topic has the full story.
 */
@Internal
public final class IntakeTally {

    static final String ACCEPTED = "winnow.%s.accepted";
    static final String DEAD_LETTERED = "winnow.%s.dead-lettered";
    /** The stream of samples to curate, as {@link ValidateFunction} names it. */
    public static final String TRAINING = "samples";

    private IntakeTally() {}

    /**
     * An error message when a finished bounded job accepted no training record but dead-lettered
     * some; empty otherwise, and for a detached submission (whose result has no accumulators).
     */
    public static Optional<String> nothingCurated(JobExecutionResult result, String deadLetterTopic) {
        if (!result.isJobExecutionResult()) {
            return Optional.empty();
        }
        long accepted = count(result, String.format(ACCEPTED, TRAINING));
        long deadLettered = count(result, String.format(DEAD_LETTERED, TRAINING));
        if (accepted > 0 || deadLettered == 0) {
            return Optional.empty();
        }
        return Optional.of("every one of the " + deadLettered + " training records went to the dead-letter topic "
                + deadLetterTopic + " (its records name the reason): nothing was curated, and the model that"
                + " predicted is untrained; check the task's settings (dimension, classes, labeling-functions)"
                + " against the data");
    }

    private static long count(JobExecutionResult result, String name) {
        Object value = result.getAllAccumulatorResults().get(name);
        return value instanceof Long count ? count : 0;
    }
}
