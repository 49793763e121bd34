package io.winnow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StatsTest {

    /** The definition: the share of (positive, negative) pairs the positive wins, ties half. */
    private static double pairwise(double[] positives, double[] negatives) {
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.length * negatives.length);
    }

    @Test
    void aucFromRanksIsThePairwiseDefinitionTiesIncluded() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] positives = new double[1 + random.nextInt(40)];
            double[] negatives = new double[1 + random.nextInt(40)];
            // Values on a coarse grid, so that ties within and across the groups are common.
            for (int i = 0; i < positives.length; i++) {
                positives[i] = random.nextInt(6) + 1;
            }
            for (int i = 0; i < negatives.length; i++) {
                negatives[i] = random.nextInt(5);
            }
            assertThat(Stats.auc(positives, negatives)).isCloseTo(pairwise(positives, negatives), within(1e-12));
        }
        assertThat(Stats.auc(new double[0], new double[] {1})).isNaN();
        assertThat(Stats.auc(List.of(2.0, 3.0), List.of(1.0))).isEqualTo(1.0);
    }

    @Test
    void summaryIsTheMeanAndTheSampleStandardDeviation() {
        Stats.Summary summary = Stats.Summary.of(List.of(0.90, 0.92, 0.94));
        assertThat(summary.mean()).isCloseTo(0.92, within(1e-12));
        assertThat(summary.std()).isCloseTo(0.02, within(1e-12));
        assertThat(summary.percent()).isEqualTo("92.00 ± 2.00");
        assertThat(Stats.Summary.of(List.of(0.5)).std()).isZero();
        assertThat(Stats.Summary.of(List.of()).percent()).isEqualTo("–");
    }
}
