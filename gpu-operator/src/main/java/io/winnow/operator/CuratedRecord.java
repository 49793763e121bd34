package io.winnow.operator;

import io.winnow.sama.CurationOutcome;

import org.apache.flink.annotation.PublicEvolving;

/** The curated result of one training sample (Flink POJO): its weight and corrected label. */
@PublicEvolving
public class CuratedRecord {

    public String task;
    public String id;
    public double weight;
    public int correctedLabel;
    public float[] correctedDistribution;
    public int givenLabel;
    public double loss;
    public double uncertainty;
    public long modelVersion;
    public long eventTime;

    public CuratedRecord() {}

    public static CuratedRecord of(String task, CurationOutcome outcome, long eventTime) {
        CuratedRecord record = new CuratedRecord();
        record.task = task;
        record.id = outcome.id();
        record.weight = outcome.weight();
        record.correctedLabel = outcome.correctedLabel();
        record.correctedDistribution = outcome.correctedDistribution();
        record.givenLabel = outcome.givenLabel();
        record.loss = outcome.loss();
        record.uncertainty = outcome.uncertainty();
        record.modelVersion = outcome.modelVersion();
        record.eventTime = eventTime;
        return record;
    }

    @Override
    public String toString() {
        return "CuratedRecord[" + task + "/" + id + ", weight=" + weight + ", label " + givenLabel + "->"
                + correctedLabel + ", version " + modelVersion + "]";
    }
}
