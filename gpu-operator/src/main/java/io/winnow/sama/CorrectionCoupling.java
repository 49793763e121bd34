package io.winnow.sama;

/**
 * How a sample's weight and its corrected label enter the base loss when both meta nets are on.
 */
public enum CorrectionCoupling {
    /**
     * The paper's form, mean_i w_i · CE(f_i, c_i). The corrector's meta gradient from sample i is
     * scaled by w_i, so once the reweighting net has silenced the mislabeled samples (the only ones
     * that ask to be corrected) correction stays closed.
     */
    MULTIPLICATIVE,
    /**
     * mean_i w̃_i · CE(f_i, y_i) + (1 − w̃_i) · CE(f_i, c_i) with w̃ = w/2 ∈ (0, 1), the
     * label-correction form of CMW-Net (IEG meta-learns two such weights): the weight taken from the
     * given label goes to the corrected one, so the corrector learns most from exactly the samples
     * the reweighting net distrusts. While c = y the loss is plain cross-entropy for any weight.
     */
    COMPLEMENTARY,
    /**
     * mean_i (1 − t_i) · w_i · CE(f_i, y_i) + t_i · CE(f_i, b_i), with t_i the corrector's gate and
     * b_i its belief (so that c_i = y_i + t_i (b_i − y_i)): a sample either keeps its given label at
     * the reweighting net's weight or is relabeled to the belief at full weight. While the gate is
     * closed this is plain reweighting; the corrector's meta gradient from sample i is not scaled by
     * w_i, so the samples the reweighting net silences can still ask to be relabeled.
     */
    GATED
}
