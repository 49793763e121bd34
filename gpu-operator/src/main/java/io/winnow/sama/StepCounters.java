package io.winnow.sama;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The trainer's running totals as it counts them; {@link #snapshot()} is the public, immutable view
 * ({@link TrainerCounters}). Written and restored with the trainer's state, in the field order of
 * state version 1.
 */
final class StepCounters {

    private long baseSteps;
    private long modelVersion;
    private long metaSteps;
    private long skippedBaseUpdates;
    private long skippedMetaUpdates;
    private long metaStepsWithoutData;

    /** Counts a base step; an applied one is a new model version. */
    void baseStep(boolean applied) {
        baseSteps++;
        if (applied) {
            modelVersion++;
        } else {
            skippedBaseUpdates++;
        }
    }

    /** Counts a meta step that was due. */
    void metaStep() {
        metaSteps++;
    }

    /** The meta step just counted had no meta data. */
    void metaStepWithoutData() {
        metaStepsWithoutData++;
    }

    /** The meta step just counted computed an unusable gradient and left λ alone. */
    void skippedMetaUpdate() {
        skippedMetaUpdates++;
    }

    /** Base updates applied to θ so far. */
    long modelVersion() {
        return modelVersion;
    }

    long metaSteps() {
        return metaSteps;
    }

    TrainerCounters snapshot() {
        return new TrainerCounters(baseSteps, modelVersion, metaSteps, skippedBaseUpdates, skippedMetaUpdates,
                metaStepsWithoutData);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(baseSteps);
        out.writeLong(modelVersion);
        out.writeLong(metaSteps);
        out.writeLong(skippedBaseUpdates);
        out.writeLong(skippedMetaUpdates);
        out.writeLong(metaStepsWithoutData);
    }

    void read(DataInput in) throws IOException {
        baseSteps = in.readLong();
        modelVersion = in.readLong();
        metaSteps = in.readLong();
        skippedBaseUpdates = in.readLong();
        skippedMetaUpdates = in.readLong();
        metaStepsWithoutData = in.readLong();
    }
}
