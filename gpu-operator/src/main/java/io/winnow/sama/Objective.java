package io.winnow.sama;

/** What a trainer's base steps learn from. */
public enum Objective {
    /**
     * Data curation (the paper's noisy finetuning and pruning): training samples carry (weak)
     * labels; each gets a weight and a corrected label.
     */
    CURATION,
    /**
     * Continued pretraining with auxiliary reweighting (the paper's Section 4.2): training samples
     * are unlabeled text, learned with the masked-token objective and weighted by how much they help
     * the downstream task, whose labeled samples (the trusted buffer) are the finetuning data of every
     * base step and the meta data of every meta step. Needs a text model with a masked-token head.
     */
    CONTINUED_PRETRAINING
}
