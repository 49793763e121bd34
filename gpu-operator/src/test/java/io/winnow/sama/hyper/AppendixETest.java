package io.winnow.sama.hyper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Appendix E report data: three methods, 100 meta updates each, on the seed-1 problem. */
class AppendixETest {

    private static final int UPDATES = 100;

    private static AppendixE.Curves curves;

    @BeforeAll
    static void runExperiment() {
        curves = AppendixE.run(1, UPDATES);
        AppendixE.print(curves, System.out);
    }

    @Test
    void everyMethodHasOneCosinePerUpdateAndOneDistanceMore() {
        assertThat(curves.curves()).extracting(AppendixE.Curve::method)
                .containsExactly(AppendixE.SAMA, AppendixE.NEUMANN, AppendixE.CONJUGATE_GRADIENT);
        for (AppendixE.Curve curve : curves.curves()) {
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
            double norm = DenseMatrix.norm(problem.optimalLambda());
            for (AppendixE.Curve curve : curves.curves()) {
                assertThat(curve.initialDistance()).as(curve.method()).isEqualTo(norm);
            }
        }
    }

    @Test
    void samaHalvesTheDistanceToTheOptimumWithMostlyAlignedGradients() {
        AppendixE.Curve sama = curves.curve(AppendixE.SAMA);
        assertThat(sama.finalDistance()).isLessThanOrEqualTo(sama.initialDistance() / 2);
        assertThat(sama.meanCosine()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void neumannAndConjugateGradientStartNearlyExact() {
        assertThat(curves.curve(AppendixE.NEUMANN).firstCosine()).isGreaterThanOrEqualTo(0.99);
        assertThat(curves.curve(AppendixE.CONJUGATE_GRADIENT).firstCosine()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theSameSeedGivesTheSameCurvesAndCurvesCannotBeChanged() {
        AppendixE.Curves again = AppendixE.run(1, 3);
        for (AppendixE.Curve curve : again.curves()) {
            AppendixE.Curve full = curves.curve(curve.method());
            assertThat(curve.cosine()).isEqualTo(Arrays.copyOf(full.cosine(), 3));
            assertThat(curve.distance()).isEqualTo(Arrays.copyOf(full.distance(), 4));
        }
        AppendixE.Curve sama = again.curve(AppendixE.SAMA);
        sama.cosine()[0] = 42;
        assertThat(sama.firstCosine()).isNotEqualTo(42);
        assertThatThrownBy(() -> again.curves().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void zeroUpdatesGiveOnlyTheInitialDistanceAndNegativeCountsAreRejected() {
        AppendixE.Curves none = AppendixE.run(1, 0);
        for (AppendixE.Curve curve : none.curves()) {
            assertThat(curve.cosine()).isEmpty();
            assertThat(curve.distance()).containsExactly(curves.curve(curve.method()).initialDistance());
            assertThat(curve.meanCosine()).isNaN();
        }
        assertThatThrownBy(() -> AppendixE.run(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> none.curve("Adam")).isInstanceOf(IllegalArgumentException.class);
    }
}
