package io.winnow.benchmarks.hyper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.sama.hyper.BiasedRegression;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Appendix E report data: three methods, 100 meta updates each, on the seed-1 problem. */
class HypergradientAccuracyTest {

    private static final int UPDATES = 100;

    private static HypergradientAccuracy.Curves curves;

    @BeforeAll
    static void runExperiment() {
        curves = HypergradientAccuracy.run(1, UPDATES);
        HypergradientAccuracy.print(curves, System.out);
    }

    @Test
    void everyMethodHasOneCosinePerUpdateAndOneDistanceMore() {
        assertThat(curves.curves()).extracting(HypergradientAccuracy.Curve::method)
                .containsExactly(HypergradientAccuracy.SAMA, HypergradientAccuracy.NEUMANN, HypergradientAccuracy.CONJUGATE_GRADIENT);
        for (HypergradientAccuracy.Curve curve : curves.curves()) {
            assertThat(curve.cosine()).as(curve.method()).hasSize(UPDATES);
            assertThat(curve.distance()).as(curve.method()).hasSize(UPDATES + 1);
            assertThat(curve.metaUpdates()).isEqualTo(UPDATES);
            assertThat(Arrays.stream(curve.cosine()).allMatch(c -> c >= -1 - 1e-12 && c <= 1 + 1e-12))
                    .as(curve.method() + " cosines in [-1, 1]").isTrue();
            assertThat(Arrays.stream(curve.distance()).allMatch(Double::isFinite)).as(curve.method()).isTrue();
        }
    }

    @Test
    void everyMethodStartsFromLambdaZero() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double norm = Math.sqrt(Arrays.stream(problem.optimalLambda()).map(v -> v * v).sum());
            for (HypergradientAccuracy.Curve curve : curves.curves()) {
                assertThat(curve.initialDistance()).as(curve.method()).isEqualTo(norm);
            }
        }
    }

    @Test
    void samaHalvesTheDistanceToTheOptimumWithMostlyAlignedGradients() {
        HypergradientAccuracy.Curve sama = curves.curve(HypergradientAccuracy.SAMA);
        assertThat(sama.finalDistance()).isLessThanOrEqualTo(sama.initialDistance() / 2);
        assertThat(sama.meanCosine()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void neumannAndConjugateGradientStartNearlyExact() {
        assertThat(curves.curve(HypergradientAccuracy.NEUMANN).firstCosine()).isGreaterThanOrEqualTo(0.99);
        assertThat(curves.curve(HypergradientAccuracy.CONJUGATE_GRADIENT).firstCosine()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theSameSeedGivesTheSameCurvesAndCurvesCannotBeChanged() {
        HypergradientAccuracy.Curves again = HypergradientAccuracy.run(1, 3);
        for (HypergradientAccuracy.Curve curve : again.curves()) {
            HypergradientAccuracy.Curve full = curves.curve(curve.method());
            assertThat(curve.cosine()).isEqualTo(Arrays.copyOf(full.cosine(), 3));
            assertThat(curve.distance()).isEqualTo(Arrays.copyOf(full.distance(), 4));
        }
        HypergradientAccuracy.Curve sama = again.curve(HypergradientAccuracy.SAMA);
        sama.cosine()[0] = 42;
        assertThat(sama.firstCosine()).isNotEqualTo(42);
        assertThatThrownBy(() -> again.curves().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void zeroUpdatesGiveOnlyTheInitialDistanceAndNegativeCountsAreRejected() {
        HypergradientAccuracy.Curves none = HypergradientAccuracy.run(1, 0);
        for (HypergradientAccuracy.Curve curve : none.curves()) {
            assertThat(curve.cosine()).isEmpty();
            assertThat(curve.distance()).containsExactly(curves.curve(curve.method()).initialDistance());
            assertThat(curve.meanCosine()).isNaN();
        }
        assertThatThrownBy(() -> HypergradientAccuracy.run(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> none.curve("Adam")).isInstanceOf(IllegalArgumentException.class);
    }
}
