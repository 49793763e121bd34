package io.winnow.sama.hyper;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.EngineTestSupport;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Appendix E of the paper: on biased regression (n = 200, d = 50, n′ = 100, β = 0.15, unnormalised
 * squared losses) the meta gradients of SAMA, Neumann and CG are compared with the closed form (the
 * experiment over 100 meta updates is the benchmarks' HypergradientAccuracy, tested there).
 */
class BiasedRegressionTest {

    @Test
    void samaMetaGradientAlignsWithTheClosedForm() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double cosine = problem.cosineToClosedForm(new Sama(1.0, true, false), new double[problem.dimension]);
            System.out.printf("Appendix E: cos(SAMA, true meta gradient) at λ = 0: %.4f%n", cosine);
            assertThat(cosine).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void neumannAndConjugateGradientWithTenIterationsAreNearlyExact() {
        try (BiasedRegression problem = BiasedRegression.appendixE(1)) {
            double[] zero = new double[problem.dimension];
            // The Neumann series converges for a step below 2 / (largest Hessian eigenvalue).
            double neumann = problem.cosineToClosedForm(new NeumannSeries(10, 1.0 / problem.largestHessianEigenvalue()), zero);
            double cg = problem.cosineToClosedForm(new ConjugateGradient(10), zero);
            System.out.printf("Appendix E: cos(Neumann K=10) = %.5f, cos(CG K=10) = %.5f%n", neumann, cg);
            assertThat(neumann).isGreaterThanOrEqualTo(0.99);
            assertThat(cg).isGreaterThanOrEqualTo(0.99);
        }
    }

    /**
     * Algorithmic adaptation against a closed form: with an Adam base optimizer, SAMA's meta gradient
     * on biased regression is 2β · D ⊙ ∇_w L_meta exactly (the base loss is quadratic, ∂²L_base/∂λ∂w
     * = −2βI, so the central difference has no truncation error at any α), with D Adam's update
     * Jacobian. D is recomputed here from Adam's recursion replayed by hand in double precision on the
     * closed-form gradients, not read from the optimizer; the distance to the preconditioned-free
     * estimate 2β·∇_w L_meta shows that D is not a multiple of the identity.
     */
    @Test
    void samaWithAnAdamBaseIsTheDiagonallyPreconditionedClosedForm() {
        double lr = 1e-2;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        try (BiasedRegression problem = new BiasedRegression(3, 200, 50, 100, 0.15,
                m -> io.winnow.sama.optim.Adam.adam(m, io.winnow.sama.optim.LearningRateSchedule.constant(lr), b1, b2, eps, 0))) {
            int d = problem.dimension;
            double[] lambda = new double[d];
            java.util.Arrays.fill(lambda, 0.3);
            problem.setLambda(lambda);
            double[] w = problem.w();
            double[] m1 = new double[d];
            double[] s2 = new double[d];
            double[] g = null;
            int steps = 5;
            for (int t = 1; t <= steps; t++) {
                g = problem.baseGradient(w, lambda);
                problem.baseStep();
                for (int i = 0; i < d; i++) {
                    m1[i] = b1 * m1[i] + (1 - b1) * g[i];
                    s2[i] = b2 * s2[i] + (1 - b2) * g[i] * g[i];
                    w[i] -= lr * (m1[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(s2[i] / (1 - Math.pow(b2, t))) + eps);
                }
            }
            assertThat(problem.w()).as("the replayed Adam recursion is the optimizer's").containsExactly(w,
                    org.assertj.core.data.Offset.offset(1e-12));
            double bc1 = 1 - Math.pow(b1, steps);
            double bc2 = 1 - Math.pow(b2, steps);
            double[] gMeta = problem.metaGradientInW(w);
            double[] expected = new double[d];
            double[] unadapted = new double[d];
            for (int i = 0; i < d; i++) {
                double a = Math.sqrt(s2[i] / bc2);
                double bigB = a + eps;
                double jacobian = lr / bc1 * ((1 - b1) - (1 - b2) / bc2 * m1[i] * g[i] / (a * bigB)) / bigB;
                expected[i] = 2 * problem.beta * jacobian * gMeta[i];
                unadapted[i] = 2 * problem.beta * gMeta[i];
            }
            try (ai.djl.ndarray.NDManager step = problem.manager().newSubManager()) {
                double[] sama = io.winnow.sama.autograd.Tensors.flatten(
                        Sama.withAdaptation(1.0).metaGradient(problem, step).lambdaGradient());
                double error = 0;
                double scale = 0;
                for (int i = 0; i < d; i++) {
                    error = Math.max(error, Math.abs(sama[i] - expected[i]));
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
                System.out.printf("Appendix E with an Adam base: max |SAMA − 2β·D⊙∇L_meta| / max |·| = %.2e,"
                        + " cos(2β·D⊙∇L_meta, 2β·∇L_meta) = %.3f%n", error / scale, BiasedRegression.cosine(expected, unadapted));
                assertThat(error / scale).isLessThan(1e-6);
                assertThat(BiasedRegression.cosine(expected, unadapted)).as("D is no multiple of the identity").isLessThan(0.99);
            }
        }
    }

    @Test
    void closedFormMetaGradientMatchesFiniteDifferences() {
        try (BiasedRegression problem = BiasedRegression.appendixE(2)) {
            double[] lambda = Arrays.stream(problem.optimalLambda()).map(v -> v / 2).toArray();
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
