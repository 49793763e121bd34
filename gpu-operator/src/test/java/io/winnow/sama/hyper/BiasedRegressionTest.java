package io.winnow.sama.hyper;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.DenseMatrix;
import io.winnow.sama.EngineTestSupport;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.optim.Adam;
import io.winnow.sama.optim.LearningRateSchedule;
import io.winnow.sama.optim.Optimizer;

import java.util.Arrays;
import java.util.List;

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
            double cosine = cosineAt(problem, new Sama(1.0, true, false), new double[problem.dimension]);
            System.out.printf("Appendix E: cos(SAMA, true meta gradient) at λ = 0: %.4f%n", cosine);
            assertThat(cosine).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void neumannAndConjugateGradientWithTenIterationsAreNearlyExact() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double scale = 1.0 / problem.largestHessianEigenvalue();
            double neumann = cosineAt(problem, new NeumannSeries(10, scale), new double[problem.dimension]);
            double cg = cosineAt(problem, new ConjugateGradient(10), new double[problem.dimension]);
            System.out.printf("Appendix E: cos(Neumann K=10) = %.5f, cos(CG K=10) = %.5f%n", neumann, cg);
            assertThat(neumann).isGreaterThanOrEqualTo(0.99);
            assertThat(cg).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void hundredSamaMetaUpdatesAtLeastHalveTheDistanceToTheOptimum() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double[] optimum = problem.optimalLambda();
            double initial = DenseMatrix.norm(DenseMatrix.sub(problem.lambda(), optimum));
            Optimizer metaOptimizer = Adam.adam(problem.manager(), LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-8, 0);
            Sama sama = new Sama(1.0, true, false);
            double cosineSum = 0;
            for (int t = 0; t < 100; t++) {
                cosineSum += cosineAt(problem, sama, problem.lambda());
                try (NDManager step = problem.manager().newSubManager();
                        Autograd.GradModeScope off = Autograd.paused()) {
                    problem.setW(problem.optimalBase(problem.lambda()));
                    List<NDArray> gradient = sama.metaGradient(problem, step).lambdaGradient();
                    metaOptimizer.step(problem.metaParameters(), gradient);
                }
            }
            double last = DenseMatrix.norm(DenseMatrix.sub(problem.lambda(), optimum));
            System.out.printf("Appendix E: ||λ − λ*|| %.3f → %.3f after 100 SAMA updates, mean cosine %.4f%n",
                    initial, last, cosineSum / 100);
            assertThat(last).isLessThanOrEqualTo(initial / 2);
        }
    }

    /** Cosine between a method's meta gradient at w = w*(λ) and the closed-form meta gradient. */
    static double cosineAt(BiasedRegression problem, Hypergradient method, double[] lambda) {
        try (NDManager step = problem.manager().newSubManager(); Autograd.GradModeScope off = Autograd.paused()) {
            problem.setLambda(lambda);
            problem.setW(problem.optimalBase(lambda));
            problem.baseStep(); // gives the optimizer a last update (D = lr for SGD)
            problem.setW(problem.optimalBase(lambda));
            double[] w = problem.w();
            double[] estimate = EngineTestSupport.flatten(method.metaGradient(problem, step).lambdaGradient());
            assertThat(problem.w()).as("θ restored bit for bit").isEqualTo(w);
            return DenseMatrix.cosine(estimate, problem.trueMetaGradient(lambda));
        }
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
