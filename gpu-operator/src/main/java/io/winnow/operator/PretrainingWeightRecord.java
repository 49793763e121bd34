package io.winnow.operator;

import io.winnow.sama.PretrainingOutcome;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The result of one pretraining sample of a continued-pretraining task (Flink POJO): the engine's
 * outcome (weight, masked-token loss, model version) with the task and the sample's event time.
 */
@PublicEvolving
public class PretrainingWeightRecord extends SampleResult<PretrainingOutcome> {

    public PretrainingWeightRecord() {}

    private PretrainingWeightRecord(String task, PretrainingOutcome outcome, long eventTime) {
        super(task, outcome, eventTime);
    }

    public static PretrainingWeightRecord of(String task, PretrainingOutcome outcome, long eventTime) {
        return new PretrainingWeightRecord(task, outcome, eventTime);
    }

    @Override
    public String toString() {
        return "PretrainingWeightRecord[" + task + "/" + outcome.id() + ", weight=" + outcome.weight() + ", loss="
                + outcome.loss() + ", version " + outcome.modelVersion() + "]";
    }
}
