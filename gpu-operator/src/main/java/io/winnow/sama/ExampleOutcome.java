package io.winnow.sama;

/**
 * What the trainer says about one training example at the base step that used it. For a
 * continued-pretraining sample (unlabeled text) only the weight, the masked-token loss and the model
 * version carry information: both labels are {@link Example#NO_LABEL} and the distribution is empty.
 *
 * @param id the example's id
 * @param weight importance weight in [0, 2] (1 when reweighting is off); with normalised weights
 *     the batch's mean is 1 and a weight may exceed 2
 * @param correctedLabel the most likely class of the corrected label
 * @param correctedDistribution the corrected soft label (sums to 1)
 * @param givenLabel the label the example arrived with
 * @param loss cross-entropy of the model's prediction against the given label (for a pretraining
 *     sample: its mean cross-entropy over the masked tokens)
 * @param uncertainty disagreement with the EMA model, ½‖p − p_ema‖₁ in [0, 1] (0 without an EMA)
 * @param modelVersion number of base updates applied to θ before this step
 */
public record ExampleOutcome(
        String id,
        double weight,
        int correctedLabel,
        float[] correctedDistribution,
        int givenLabel,
        double loss,
        double uncertainty,
        long modelVersion) {

    public boolean labelChanged() {
        return correctedLabel != givenLabel;
    }
}
