package io.winnow.operator;

import io.winnow.sama.Example;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated sample on its way to the curation operator: the task it belongs to, whether it is
 * trusted, and the example's payload. A Flink POJO (public fields, no-arg constructor) so that
 * Flink serialises it without Kryo.
 */
@PublicEvolving
public class TaskSample {

    /** The curation task, also the key the operator is partitioned by. */
    public String task;
    public String id;
    /** Trusted samples fill the meta buffer; the others are trained on and curated. */
    public boolean trusted;
    /** Held-out samples of a bounded run, predicted by the final model when the input ends. */
    public boolean evaluation;
    /** Dense features, or null. */
    public float[] features;
    /** Token ids, or null. */
    public int[] tokens;
    /** The given label, or {@link Example#NO_LABEL}. */
    public int label = Example.NO_LABEL;
    /** Labeling-function votes, or null. */
    public int[] votes;
    /** Event time of the sample (epoch milliseconds), echoed in its curated result. */
    public long eventTime;

    public TaskSample() {}

    public static TaskSample of(String task, boolean trusted, Example example, long eventTime) {
        TaskSample sample = new TaskSample();
        sample.task = task;
        sample.id = example.id();
        sample.trusted = trusted;
        sample.features = example.features();
        sample.tokens = example.tokens();
        sample.label = example.label();
        sample.votes = example.votes().length == 0 ? null : example.votes();
        sample.eventTime = eventTime;
        return sample;
    }

    public Example toExample() {
        return new Example(id, features, tokens, label, votes);
    }

    /** A held-out sample of a bounded run. */
    public static TaskSample evaluation(String task, Example example, long eventTime) {
        TaskSample sample = of(task, false, example, eventTime);
        sample.evaluation = true;
        return sample;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskSample that
                && trusted == that.trusted
                && evaluation == that.evaluation
                && label == that.label
                && eventTime == that.eventTime
                && Objects.equals(task, that.task)
                && Objects.equals(id, that.id)
                && Arrays.equals(features, that.features)
                && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(votes, that.votes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, id, trusted, label, eventTime);
    }

    @Override
    public String toString() {
        return "TaskSample[" + task + "/" + id + (trusted ? ", trusted" : "") + (evaluation ? ", evaluation" : "")
                + ", label=" + label + "]";
    }
}
