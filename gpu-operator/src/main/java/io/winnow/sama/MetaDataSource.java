package io.winnow.sama;

/** Where meta batches come from. */
public enum MetaDataSource {
    /** The trusted (clean) samples given to the trainer, kept in a bounded buffer. */
    TRUSTED,
    /**
     * Recent training samples with their given labels (data pruning, Meta-Weight-Net style): no
     * clean set is needed.
     */
    RECENT_TRAINING,
    /**
     * Training samples drawn uniformly from every one seen so far (reservoir sampling into the
     * bounded buffer, kept in the checkpoint): the reference's uniform draw over the training set,
     * in a stream, so that the meta objective does not reward fitting what was just seen.
     */
    SEEN_TRAINING
}
