package io.winnow.sama;

/**
 * What the trainer says about one training example at the base step that used it: a
 * {@link CurationOutcome} for a labeled sample of a curation task, a {@link PretrainingOutcome} for
 * a text of a continued-pretraining task. Consumers tell them apart by type.
 */
public sealed interface ExampleOutcome permits CurationOutcome, PretrainingOutcome {

    /** The example's id. */
    String id();

    /**
     * Importance weight in [0, 2] (1 when reweighting is off); with normalised weights the batch's
     * mean is 1 and a weight may exceed 2.
     */
    double weight();

    /** The loss the weight was read from: cross-entropy on the given label, or the masked-token loss. */
    double loss();

    /** Number of base updates applied to θ before this step. */
    long modelVersion();
}
