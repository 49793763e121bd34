package io.winnow.sama.label;

/**
 * Whether a trainer keeps a {@link LabelModel} of its labeling functions, and its settings.
 *
 * @param enabled whether there is a label model (the other values are then ignored)
 * @param priorAccuracy the prior's accuracy of a function that votes
 * @param priorStrength pseudo-samples the prior is worth
 * @param window weakly labeled (and, separately, trusted) samples whose votes the model keeps and
 *     runs EM over
 * @param trustedWeight weakly labeled samples one trusted sample counts as
 */
public record LabelModelSpec(boolean enabled, double priorAccuracy, double priorStrength, int window,
        double trustedWeight) implements java.io.Serializable {

    /** No label model. */
    public static final LabelModelSpec OFF = new LabelModelSpec(false, 0.7, 10, 4096, 5);

    /** A label model with the defaults: functions 70% right a priori (10 pseudo-samples), a window of 4,096 samples, a trusted sample worth 5. */
    public static LabelModelSpec defaults() {
        return new LabelModelSpec(true, 0.7, 10, 4096, 5);
    }

    public LabelModel create(int classes, int functions) {
        if (!enabled) {
            throw new IllegalStateException("label model is off");
        }
        return new LabelModel(classes, functions, priorAccuracy, priorStrength, window, trustedWeight);
    }
}
