package io.winnow.operator;

import io.winnow.sama.CurationOutcome;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The curated result of one training sample on its way to the encoder (Flink POJO): the engine's
 * outcome as it came out of the trainer, with the task and the sample's event time beside it.
 */
@PublicEvolving
public class CuratedRecord {

    public String task;
    public long eventTime;
    /** Weight, corrected label and distribution, given label, loss, uncertainty, model version. */
    public CurationOutcome outcome;

    public CuratedRecord() {}

    public static CuratedRecord of(String task, CurationOutcome outcome, long eventTime) {
        CuratedRecord record = new CuratedRecord();
        record.task = task;
        record.outcome = outcome;
        record.eventTime = eventTime;
        return record;
    }

    @Override
    public String toString() {
        return "CuratedRecord[" + task + "/" + outcome.id() + ", weight=" + outcome.weight() + ", label "
                + outcome.givenLabel() + "->" + outcome.correctedLabel() + ", version " + outcome.modelVersion() + "]";
    }
}
