package io.winnow.operator;

import io.winnow.sama.Example;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated sample on its way to the curation operator: the task it belongs to, whether it is
 * trusted or held out, its event time, and the engine's {@link Example} itself, which goes to the
 * trainer as it is. A Flink POJO (public fields, no-arg constructor; Flink serialises the Example
 * record field by field) so that Flink serialises it without Kryo.
 *
 * <p>The operator keeps pending samples in keyed state of this type. Its fields changed on
 * 2026-12-03 (the Example's fields used to be copied in here): restore a savepoint taken before
 * that only after a stop with {@code --drain}, which trains every pending batch first.
 */
@PublicEvolving
public class TaskSample {

    /** The curation task, also the key the operator is partitioned by. */
    public String task;
    /** Trusted samples fill the meta buffer; the others are trained on and curated. */
    public boolean trusted;
    /** Held-out samples of a bounded run, predicted by the final model when the input ends. */
    public boolean evaluation;
    /** Event time of the sample (epoch milliseconds), echoed in its curated result. */
    public long eventTime;
    /** Id, features or tokens, given label and labeling-function votes. */
    public Example example;

    public TaskSample() {}

    public static TaskSample of(String task, boolean trusted, Example example, long eventTime) {
        TaskSample sample = new TaskSample();
        sample.task = task;
        sample.trusted = trusted;
        sample.example = example;
        sample.eventTime = eventTime;
        return sample;
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
                && eventTime == that.eventTime
                && Objects.equals(task, that.task)
                && sameExample(example, that.example);
    }

    /** Example is a record of arrays: its own equals compares the arrays by reference. */
    private static boolean sameExample(Example a, Example b) {
        return a == b || a != null && b != null
                && a.label() == b.label()
                && Objects.equals(a.id(), b.id())
                && Arrays.equals(a.features(), b.features())
                && Arrays.equals(a.tokens(), b.tokens())
                && Arrays.equals(a.votes(), b.votes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, example == null ? null : example.id(), trusted, eventTime);
    }

    @Override
    public String toString() {
        return "TaskSample[" + task + "/" + (example == null ? null : example.id()) + (trusted ? ", trusted" : "")
                + (evaluation ? ", evaluation" : "") + ", label=" + (example == null ? null : example.label()) + "]";
    }
}
