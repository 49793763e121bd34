package io.winnow.sama;

/**
 * Whether the trusted model's judgement gates the reweighting net's weights, and how sharply.
 *
 * <p>The gate of a training sample is σ((p − τ_y) / temperature), p the trusted model's probability
 * of the sample's given label y and τ_y the mean of that probability over recent training samples
 * given y (a decayed running mean): cleanlab's per-class threshold, applied to a model that never
 * saw a weak label. The sample's weight is the net's weight times its gate. Why: the reweighting
 * net reads the same trusted-model loss, but its meta-learned weights act slowly and softly (on
 * SpamAssassin they still left 12% of the weight on wrong labels after five epochs at 40% noise),
 * while a fixed per-class threshold on the same view beat them by 1.6 points on the dev split; the
 * gate makes the trusted view decisive from the first batch and leaves the meta-learned net to
 * refine the weights of the samples it lets through.
 *
 * <p>On by default wherever the trusted model and the reweighting net are (TrainerConfig), chosen on
 * the dev splits of both benchmark datasets (2026-12-02, two seeds, SAMA R against the old defaults
 * of no gate and 8 trusted samples mixed into every base batch): SpamAssassin +1.1 points on weak
 * labels and +1.7 at 40% flips, the six fortune topics +2.2 on weak labels and −0.7 at 40% flips. It
 * is only as good as the trusted model: where a model trained on the trusted samples alone is a poor
 * judge of the labels (the fortune topics at 40% flips, a trusted-only model about 37% accurate) it
 * can cost points; check on a dev split and switch it off there ({@link #OFF}).
 *
 * @param enabled whether the gate applies (it needs the trusted model and the reweighting net)
 * @param temperature sharpness, on the probability scale; 0 for a hard 0/1 gate
 * @param decay per-batch decay of the running per-class sums behind τ, in [0, 1): 0.99 averages
 *     over about the last hundred batches, so τ follows the trusted model as it learns
 * @param agreement where a doubted label may move to the corrector's belief only if the trusted
 *     model's most likely class is the belief's: two views that saw different data must agree on the
 *     new label, not only doubt the old one ({@link RelabelAgreement}; by default for more than two classes)
 */
public record TrustedGateSpec(boolean enabled, double temperature, double decay, RelabelAgreement agreement)
        implements java.io.Serializable {

    public static final double DEFAULT_TEMPERATURE = 0.2;
    public static final double DEFAULT_DECAY = 0.99;
    public static final RelabelAgreement DEFAULT_AGREEMENT = RelabelAgreement.MULTI_CLASS;

    /** No gate. */
    public static final TrustedGateSpec OFF = new TrustedGateSpec(false, DEFAULT_TEMPERATURE, DEFAULT_DECAY, DEFAULT_AGREEMENT);

    public TrustedGateSpec {
        java.util.Objects.requireNonNull(agreement, "agreement");
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("trusted gate temperature must be finite and >= 0: " + temperature);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("trusted gate decay must be in [0, 1): " + decay);
        }
    }

    /** A gate with the default {@link #agreement}. */
    public TrustedGateSpec(boolean enabled, double temperature, double decay) {
        this(enabled, temperature, decay, DEFAULT_AGREEMENT);
    }

    /** The gate with its defaults: temperature 0.2, decay 0.99, agreement for more than two classes. */
    public static TrustedGateSpec defaults() {
        return new TrustedGateSpec(true, DEFAULT_TEMPERATURE, DEFAULT_DECAY, DEFAULT_AGREEMENT);
    }
}
