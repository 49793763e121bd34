package io.winnow.sama;

/**
 * Where a label the trusted gate doubts may move to the corrector's belief only if the trusted model's
 * most likely class is the belief's ({@link TrustedGate#openWhereDoubted}).
 *
 * <p>With two classes a doubted label has one alternative, and the gate's doubt already carries the
 * trusted model's view of it; asking for agreement then only adds "the trusted model's probability of
 * the given label is below one half" and cost 0.3–0.8 points of SAMA R+C on SpamAssassin's dev split.
 * With more classes the belief picks one of several alternatives, and a second view that saw other data
 * must name the same one: on the six fortune topics at 40% flips (dev split, two seeds) it raised the
 * corrections' precision from 0.30 to 0.54 and SAMA R+C from 39.98 to 42.09, and left the weak labels
 * unchanged (62.99).
 */
public enum RelabelAgreement {
    /** Open on the trusted model's doubt alone. */
    NEVER,
    /** Require agreement for tasks with more than two classes (the default). */
    MULTI_CLASS,
    /** Require agreement always. */
    ALWAYS;

    /** Whether agreement is required for a task with {@code classes} classes. */
    public boolean required(int classes) {
        return this == ALWAYS || this == MULTI_CLASS && classes > 2;
    }
}
