package io.winnow.jobs;

import io.winnow.operator.TaskSample;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes samples through and throws once, in the first execution attempt, after at least one
 * checkpoint has completed and {@code after} samples have passed: a failure in the middle of the
 * stream with state to restore from. Or, for a bounded input that a source reads before the first
 * checkpoint can complete, without waiting for one: a restart with whatever state there is.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<TaskSample, TaskSample> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    /** Failures thrown in this JVM (the MiniCluster runs tasks in the test's JVM). */
    static final java.util.concurrent.atomic.AtomicInteger THROWN = new java.util.concurrent.atomic.AtomicInteger();
    private final int after;
    private final boolean waitForCheckpoint;
    private transient int seen;
    private transient volatile boolean checkpointed;

    FailOnceAfterCheckpoint(int after) {
        this(after, true);
    }

    FailOnceAfterCheckpoint(int after, boolean waitForCheckpoint) {
        this.after = after;
        this.waitForCheckpoint = waitForCheckpoint;
    }

    @Override
    public TaskSample map(TaskSample sample) {
        seen++;
        if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && (checkpointed || !waitForCheckpoint) && seen > after) {
            THROWN.incrementAndGet();
            throw new IllegalStateException("injected failure after " + seen + " samples");
        }
        return sample;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
