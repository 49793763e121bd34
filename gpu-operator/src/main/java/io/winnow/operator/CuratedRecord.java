package io.winnow.operator;

import io.winnow.sama.CurationOutcome;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The curated result of one training sample on its way to the encoder (Flink POJO): the engine's
 * outcome as it came out of the trainer, with the task and the sample's event time beside it.
 */
@PublicEvolving
public class CuratedRecord extends SampleResult<CurationOutcome> {

    public CuratedRecord() {}

    private CuratedRecord(String task, CurationOutcome outcome, long eventTime) {
        super(task, outcome, eventTime);
    }

    public static CuratedRecord of(String task, CurationOutcome outcome, long eventTime) {
        return new CuratedRecord(task, outcome, eventTime);
    }

    @Override
    public String toString() {
        return "CuratedRecord[" + task + "/" + outcome.id() + ", weight=" + outcome.weight() + ", label "
                + outcome.givenLabel() + "->" + outcome.correctedLabel() + ", version " + outcome.modelVersion() + "]";
    }
}
