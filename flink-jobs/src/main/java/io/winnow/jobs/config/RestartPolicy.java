package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;

/**
 * Fixed-delay restarts set by the job's own file ({@code job.restart-attempts},
 * {@code job.restart-delay}), which then take precedence over the cluster's restart strategy.
 */
@PublicEvolving
public record RestartPolicy(int attempts, Duration delay) implements Serializable {

    public static final int DEFAULT_ATTEMPTS = 10;
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
}
