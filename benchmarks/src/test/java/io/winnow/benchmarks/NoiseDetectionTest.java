package io.winnow.benchmarks;

import io.winnow.sama.Example;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NoiseDetectionTest {

    /** Four training samples, one mislabeled ("w"); two epochs whose weights are given per sample. */
    private static final List<String> IDS = List.of("a", "b", "c", "w");

    private static ReplayDataset dataset() {
        List<Example> train = new ArrayList<>();
        Map<String, Integer> truth = new HashMap<>();
        for (String id : IDS) {
            train.add(new Example(id, new float[] {0}, null, 0, new int[0]));
            truth.put(id, id.equals("w") ? 1 : 0);
        }
        return new ReplayDataset("toy", 2, train, truth, List.of(), List.of(), Map.of());
    }

    private static RunResult run(float[] firstEpoch, float[] secondEpoch, int[] lastCorrected) {
        Map<String, List<RunResult.Pass>> passes = new HashMap<>();
        for (int i = 0; i < IDS.size(); i++) {
            passes.put(IDS.get(i), List.of(new RunResult.Pass(firstEpoch[i], 0, 0, 0.1f, 1),
                    new RunResult.Pass(secondEpoch[i], lastCorrected[i], 0, 0.1f, 2)));
        }
        return new RunResult("toy", 0.9, passes, List.of(), Map.of(), 1.0);
    }

    @Test
    void theShareOfWeightOnMislabeledSamplesIsReportedPerEpoch() {
        ReplayDataset dataset = dataset();
        RunResult run = run(new float[] {1, 1, 1, 1}, new float[] {1, 1, 2, 0.5f}, new int[] {0, 0, 0, 0});

        NoiseDetection detection = NoiseDetection.of(dataset, dataset.train(), run);

        assertThat(detection.wrongLabelShare()).isEqualTo(0.25);
        // Uniform weights put the noise rate on the wrong labels; then 0.5 of a total 4.5.
        assertThat(detection.mislabeledWeightSharePerEpoch()).containsExactly(new double[] {0.25, 0.5 / 4.5}, within(1e-9));
        assertThat(detection.weightAuc()).isEqualTo(1.0);
        assertThat(detection.corrections()).isZero();
        assertThat(detection.correctionPrecision()).isNaN();
    }

    @Test
    void correctionsAreJudgedAgainstTheTrueLabelInTheLastEpoch() {
        ReplayDataset dataset = dataset();
        // The mislabeled sample is restored (0 → 1); clean "a" is changed wrongly.
        RunResult run = run(new float[] {1, 1, 1, 1}, new float[] {1, 1, 1, 1}, new int[] {1, 0, 0, 1});

        NoiseDetection detection = NoiseDetection.of(dataset, dataset.train(), run);

        assertThat(detection.corrections()).isEqualTo(2);
        assertThat(detection.correctionPrecision()).isEqualTo(0.5);
        assertThat(detection.correctionRecall()).isEqualTo(1.0);
        assertThat(detection.weightAuc()).as("equal weights tell nothing apart").isEqualTo(0.5);
    }
}
