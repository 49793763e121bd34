package io.winnow.sama.model;

/**
 * What {@link ModelInput#encode} reads from one sample: its id (for error messages) and either a
 * dense feature vector or token ids. The engine's {@code Example} is one; the model package names
 * only this view, so that it does not depend on the trainer's types.
 */
public interface InputRow {

    String id();

    /** Whether the sample carries dense features rather than token ids. */
    boolean isDense();

    float[] features();

    int[] tokens();
}
