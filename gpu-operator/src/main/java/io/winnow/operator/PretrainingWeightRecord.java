package io.winnow.operator;

import io.winnow.sama.PretrainingOutcome;

import org.apache.flink.annotation.PublicEvolving;

/** The result of one pretraining sample of a continued-pretraining task (Flink POJO): its weight and loss. */
@PublicEvolving
public class PretrainingWeightRecord {

    public String task;
    public String id;
    public double weight;
    /** Mean cross-entropy over the sample's masked tokens. */
    public double loss;
    public long modelVersion;
    public long eventTime;

    public PretrainingWeightRecord() {}

    public static PretrainingWeightRecord of(String task, PretrainingOutcome outcome, long eventTime) {
        PretrainingWeightRecord record = new PretrainingWeightRecord();
        record.task = task;
        record.id = outcome.id();
        record.weight = outcome.weight();
        record.loss = outcome.loss();
        record.modelVersion = outcome.modelVersion();
        record.eventTime = eventTime;
        return record;
    }

    @Override
    public String toString() {
        return "PretrainingWeightRecord[" + task + "/" + id + ", weight=" + weight + ", loss=" + loss + ", version "
                + modelVersion + "]";
    }
}
