package io.winnow.sama;

import java.util.List;
import java.util.Optional;

/**
 * The result of one {@link SamaTrainer#train} call.
 *
 * @param outcomes one outcome per example, in input order
 * @param baseLoss the weighted base loss of this step
 * @param updateApplied false when the loss or gradient was not finite and θ was left alone
 * @param metaStep the meta step's report, when one ran after this base step
 * @param elapsedNanos wall time of the call, the meta step included: callers need not time it again
 */
public record StepResult(List<ExampleOutcome> outcomes, double baseLoss, boolean updateApplied,
        Optional<MetaStepReport> metaStep, long elapsedNanos) {

    /** The outcomes of a curation step; throws for a continued-pretraining step, whose outcomes have no labels. */
    public List<CurationOutcome> curationOutcomes() {
        return outcomes.stream().map(outcome -> {
            if (!(outcome instanceof CurationOutcome curation)) {
                throw new IllegalStateException("a continued-pretraining step has no curation outcomes");
            }
            return curation;
        }).toList();
    }
}
