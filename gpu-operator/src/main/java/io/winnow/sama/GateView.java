package io.winnow.sama;

/**
 * Whose probability of the given label the trusted gate ({@link TrustedGateSpec}) thresholds.
 *
 * <p>The trusted model never saw a weak label, so it does not share their errors, but it learned
 * from a few dozen samples and is a poor judge where the task is hard (on the six fortune topics it
 * is about 35% accurate). A model trained on the weak labels themselves is a better judge of
 * symmetric noise, if it judges samples it was not trained on: that is confident learning's
 * cross-fitting (cleanlab), done online here by {@link CrossFittedView}, two models that each learn
 * one half of the stream and judge the other.
 */
public enum GateView {
    /** The trusted model alone. */
    TRUSTED,
    /** The out-of-fold model alone (two extra models trained on halves of the stream). */
    CROSS_FITTED,
    /** The mean of the trusted model's and the out-of-fold model's distributions. */
    BOTH;

    /** Whether this view needs the two cross-fitted models. */
    public boolean crossFitted() {
        return this != TRUSTED;
    }
}
