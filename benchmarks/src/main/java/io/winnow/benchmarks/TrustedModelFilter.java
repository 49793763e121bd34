package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.List;
import java.util.Map;

/**
 * The simplest use of the trusted samples as a judge (a baseline, not a curation method): train the
 * end model on the trusted samples alone, through the same job, and let it predict every training
 * sample; drop a sample when the probability of its given label falls below that class's mean over
 * the samples given it ({@link ConfidentLearning#keepAboveClassMean}), then train on the rest.
 * The trusted model is what SAMA's reweighting net reads (TrustedModel), so this baseline asks
 * whether the meta level does better with that view than a fixed threshold.
 */
final class TrustedModelFilter {

    private TrustedModelFilter() {}

    /**
     * @param trustedTraining the trusted samples as the trusted-only baseline trains on them (repeated
     *     to the size of the training split), so that the judge is that baseline's model
     * @return the training samples that survive the filter
     */
    static List<Example> filter(ReplayRunner runner, List<Example> training, List<Example> trustedTraining, int classes,
            Map<String, String> settings, int epochs, long seed, String name) {
        Map<String, float[]> judged = runner.run(new RunSpec(name, trustedTraining, List.of(), training, settings, epochs, seed))
                .predictions();
        return ConfidentLearning.keepAboveClassMean(training, judged, classes);
    }
}
