package io.winnow.sama;

/** Where meta batches come from. */
public enum MetaDataSource {
    /** The trusted (clean) samples given to the trainer, kept in a bounded buffer. */
    TRUSTED,
    /**
     * Recent training samples with their given labels (data pruning, Meta-Weight-Net style): no
     * clean set is needed.
     */
    RECENT_TRAINING
}
