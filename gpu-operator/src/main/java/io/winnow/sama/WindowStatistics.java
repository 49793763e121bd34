package io.winnow.sama;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Accumulates outcome statistics between two meta steps and turns them into a report. */
final class WindowStatistics {

    private long samples;
    private long batches;
    private double lossSum;
    private double weightSum;
    private double weightSquareSum;
    private double weightMin = Double.POSITIVE_INFINITY;
    private double weightMax = Double.NEGATIVE_INFINITY;
    private long labelsChanged;
    private long nanos;

    void add(List<ExampleOutcome> outcomes, double batchLoss) {
        batches++;
        if (Double.isFinite(batchLoss)) {
            lossSum += batchLoss;
        }
        for (ExampleOutcome outcome : outcomes) {
            samples++;
            weightSum += outcome.weight();
            weightSquareSum += outcome.weight() * outcome.weight();
            weightMin = Math.min(weightMin, outcome.weight());
            weightMax = Math.max(weightMax, outcome.weight());
            if (outcome instanceof CurationOutcome curation && curation.labelChanged()) {
                labelsChanged++;
            }
        }
    }

    void addNanos(long elapsed) {
        nanos += elapsed;
    }

    MetaStepReport report(long metaStep, long modelVersion, double metaLoss, boolean applied, long metaNanos) {
        nanos += metaNanos;
        double mean = samples == 0 ? 0 : weightSum / samples;
        double variance = samples == 0 ? 0 : Math.max(0, weightSquareSum / samples - mean * mean);
        MetaStepReport report = new MetaStepReport(
                metaStep,
                modelVersion,
                batches == 0 ? 0 : lossSum / batches,
                metaLoss,
                samples,
                mean,
                Math.sqrt(variance),
                samples == 0 ? 0 : weightMin,
                samples == 0 ? 0 : weightMax,
                samples == 0 ? 0 : (double) labelsChanged / samples,
                nanos == 0 ? 0 : samples * 1e9 / nanos,
                applied);
        reset();
        return report;
    }

    private void reset() {
        samples = 0;
        batches = 0;
        lossSum = 0;
        weightSum = 0;
        weightSquareSum = 0;
        weightMin = Double.POSITIVE_INFINITY;
        weightMax = Double.NEGATIVE_INFINITY;
        labelsChanged = 0;
        nanos = 0;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(samples);
        out.writeLong(batches);
        out.writeDouble(lossSum);
        out.writeDouble(weightSum);
        out.writeDouble(weightSquareSum);
        out.writeDouble(weightMin);
        out.writeDouble(weightMax);
        out.writeLong(labelsChanged);
    }

    void read(DataInput in) throws IOException {
        samples = in.readLong();
        batches = in.readLong();
        lossSum = in.readDouble();
        weightSum = in.readDouble();
        weightSquareSum = in.readDouble();
        weightMin = in.readDouble();
        weightMax = in.readDouble();
        labelsChanged = in.readLong();
        nanos = 0;
    }
}
