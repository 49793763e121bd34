package io.winnow.operator;

import org.apache.flink.annotation.PublicEvolving;

/** The final model's prediction for one evaluation sample of a bounded run (Flink POJO). */
@PublicEvolving
public class PredictionRecord {

    public String task;
    public String id;
    public int predictedLabel;
    public float[] probabilities;
    /** The label the sample carried, or -1. */
    public int givenLabel;
    public long modelVersion;

    public PredictionRecord() {}

    public static PredictionRecord of(String task, TaskSample sample, float[] probabilities, long modelVersion) {
        PredictionRecord record = new PredictionRecord();
        record.task = task;
        record.id = sample.example.id();
        record.probabilities = probabilities;
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        record.predictedLabel = best;
        record.givenLabel = sample.example.label();
        record.modelVersion = modelVersion;
        return record;
    }
}
