package io.winnow.demo;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fails fast when a job the caller is waiting on has ended, instead of waiting for output that will never come. */
public final class JobWatch {

    private JobWatch() {}

    /** Throws with the job's failure when it is no longer running. */
    public static void requireRunning(JobClient job) {
        JobStatus status;
        try {
            status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the job", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the job's status", e);
        }
        if (!status.isGloballyTerminalState()) {
            return;
        }
        try {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job ended with " + status + ": " + rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // fall through to the status-only message
        }
        throw new IllegalStateException("the job ended with " + status + " before producing all results");
    }

    /** Cancels a job that may already have ended (a local environment's MiniCluster shuts down with its job). */
    public static void cancel(JobClient job) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // Already ended or its cluster is gone: nothing left to cancel.
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
