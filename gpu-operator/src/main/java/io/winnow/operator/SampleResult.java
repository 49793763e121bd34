package io.winnow.operator;

import io.winnow.sama.ExampleOutcome;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One sample's result on its way from the trainer to an encoder: the engine's outcome, the task and
 * the sample's event time. The base of Flink POJOs: each subclass fixes {@code O}, which Flink's
 * type extraction resolves through the hierarchy, so every field gets its own serializer (no Kryo).
 *
 * @param <O> the objective's outcome type
 */
@PublicEvolving
public abstract class SampleResult<O extends ExampleOutcome> {

    public String task;
    public long eventTime;
    public O outcome;

    protected SampleResult() {}

    protected SampleResult(String task, O outcome, long eventTime) {
        this.task = task;
        this.outcome = outcome;
        this.eventTime = eventTime;
    }
}
