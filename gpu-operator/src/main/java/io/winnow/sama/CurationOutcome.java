package io.winnow.sama;

/**
 * The weight and corrected label of one labeled training example.
 *
 * @param id the example's id
 * @param weight importance weight (see {@link ExampleOutcome#weight()})
 * @param correctedLabel the most likely class of the corrected label
 * @param correctedDistribution the corrected soft label (sums to 1)
 * @param givenLabel the label the example arrived with
 * @param loss cross-entropy of the model's prediction against the given label
 * @param uncertainty disagreement with the EMA model, ½‖p − p_ema‖₁ in [0, 1] (0 without an EMA)
 * @param modelVersion number of base updates applied to θ before this step
 */
public record CurationOutcome(
        String id,
        double weight,
        int correctedLabel,
        float[] correctedDistribution,
        int givenLabel,
        double loss,
        double uncertainty,
        long modelVersion) implements ExampleOutcome {

    public boolean labelChanged() {
        return correctedLabel != givenLabel;
    }
}
