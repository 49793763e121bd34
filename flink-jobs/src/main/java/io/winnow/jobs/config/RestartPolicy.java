package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Fixed-delay restarts set by the job's own file ({@code job.restart-attempts},
 * {@code job.restart-delay-ms}), which then take precedence over the cluster's restart strategy.
 */
@PublicEvolving
public record RestartPolicy(int attempts, long delayMs) implements Serializable {

    public static final int DEFAULT_ATTEMPTS = 10;
    public static final long DEFAULT_DELAY_MS = 2_000;
}
