package io.winnow.operator;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Count-or-timeout micro-batching: a task's pending samples are trained on as soon as
 * {@code batchSize} have arrived, or {@code maxWaitMillis} after the first of them arrived,
 * whichever comes first.
 */
@PublicEvolving
public record BatchingPolicy(int batchSize, long maxWaitMillis) implements Serializable {

    public BatchingPolicy {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        if (maxWaitMillis < 1) {
            throw new IllegalArgumentException("maximum wait must be at least 1 ms: " + maxWaitMillis);
        }
    }
}
