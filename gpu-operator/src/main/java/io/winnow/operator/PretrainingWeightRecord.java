package io.winnow.operator;

import io.winnow.sama.PretrainingOutcome;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The result of one pretraining sample of a continued-pretraining task (Flink POJO): the engine's
 * outcome (weight, masked-token loss, model version) with the task and the sample's event time.
 */
@PublicEvolving
public class PretrainingWeightRecord {

    public String task;
    public long eventTime;
    public PretrainingOutcome outcome;

    public PretrainingWeightRecord() {}

    public static PretrainingWeightRecord of(String task, PretrainingOutcome outcome, long eventTime) {
        PretrainingWeightRecord record = new PretrainingWeightRecord();
        record.task = task;
        record.outcome = outcome;
        record.eventTime = eventTime;
        return record;
    }

    @Override
    public String toString() {
        return "PretrainingWeightRecord[" + task + "/" + outcome.id() + ", weight=" + outcome.weight() + ", loss="
                + outcome.loss() + ", version " + outcome.modelVersion() + "]";
    }
}
