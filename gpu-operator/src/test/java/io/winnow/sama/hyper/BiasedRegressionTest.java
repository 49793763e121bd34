package io.winnow.sama.hyper;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.DenseMatrix;
import io.winnow.sama.EngineTestSupport;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Appendix E of the paper: on biased regression (n = 200, d = 50, n′ = 100, β = 0.15, unnormalised
 * squared losses) the meta gradients of SAMA, Neumann and CG are compared with the closed form, and
 * 100 SAMA meta updates must move λ towards λ*.
 */
class BiasedRegressionTest {

    @Test
    void samaMetaGradientAlignsWithTheClosedForm() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double cosine = AppendixE.cosineAt(problem, AppendixE.hypergradient(AppendixE.SAMA, problem),
                    new double[problem.dimension]);
            System.out.printf("Appendix E: cos(SAMA, true meta gradient) at λ = 0: %.4f%n", cosine);
            assertThat(cosine).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void neumannAndConjugateGradientWithTenIterationsAreNearlyExact() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double[] zero = new double[problem.dimension];
            double neumann = AppendixE.cosineAt(problem, AppendixE.hypergradient(AppendixE.NEUMANN, problem), zero);
            double cg = AppendixE.cosineAt(problem, AppendixE.hypergradient(AppendixE.CONJUGATE_GRADIENT, problem), zero);
            System.out.printf("Appendix E: cos(Neumann K=10) = %.5f, cos(CG K=10) = %.5f%n", neumann, cg);
            assertThat(neumann).isGreaterThanOrEqualTo(0.99);
            assertThat(cg).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void hundredSamaMetaUpdatesAtLeastHalveTheDistanceToTheOptimum() {
        AppendixE.Curve sama = AppendixE.curve(1, AppendixE.SAMA, 100);
        System.out.printf("Appendix E: ||λ − λ*|| %.3f → %.3f after 100 SAMA updates, mean cosine %.4f%n",
                sama.initialDistance(), sama.finalDistance(), sama.meanCosine());
        assertThat(sama.finalDistance()).isLessThanOrEqualTo(sama.initialDistance() / 2);
    }

    @Test
    void closedFormMetaGradientMatchesFiniteDifferences() {
        try (BiasedRegression problem = BiasedRegression.appendixE(2)) {
            double[] lambda = DenseMatrix.scale(problem.optimalLambda(), 0.5);
            double[] analytic = problem.trueMetaGradient(lambda);
            double[] numeric = new double[lambda.length];
            double h = 1e-4;
            for (int i = 0; i < lambda.length; i++) {
                double[] plus = lambda.clone();
                double[] minus = lambda.clone();
                plus[i] += h;
                minus[i] -= h;
                numeric[i] = (problem.metaLossAtOptimum(plus) - problem.metaLossAtOptimum(minus)) / (2 * h);
            }
            assertThat(EngineTestSupport.relativeError(analytic, numeric, 1e-9)).isLessThan(1e-6);
            assertThat(Arrays.stream(analytic).map(Math::abs).max().orElseThrow()).isGreaterThan(0);
        }
    }
}
