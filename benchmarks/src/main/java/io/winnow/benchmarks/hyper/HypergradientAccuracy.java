package io.winnow.benchmarks.hyper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.hyper.BiasedRegression;
import io.winnow.sama.hyper.ConjugateGradient;
import io.winnow.sama.hyper.Hypergradient;
import io.winnow.sama.hyper.NeumannSeries;
import io.winnow.sama.hyper.Sama;
import io.winnow.sama.optim.Adam;
import io.winnow.sama.optim.LearningRateSchedule;
import io.winnow.sama.optim.Optimizer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.apache.commons.math3.linear.ArrayRealVector;

/**
 * How close each hypergradient method comes to the exact meta gradient, on a problem whose answer is
 * known in closed form: the paper's Appendix E experiment on biased regression (n = 200, d = 50, n′ = 100, β = 0.15,
 * unnormalised squared losses, float64): for SAMA, Neumann (K = 10) and CG (K = 10), each on its
 * own trajectory from λ = 0 with its own Adam meta optimizer (learning rate 0.1), the cosine between
 * the method's meta gradient at w = w*(λ_t) and the closed-form meta gradient, and the distance
 * ‖λ_t − λ*‖ to the closed-form optimum.
 */
public final class HypergradientAccuracy {

    public static final String SAMA = "SAMA";
    public static final String NEUMANN = "Neumann (K=10)";
    public static final String CONJUGATE_GRADIENT = "CG (K=10)";

    static final double META_LEARNING_RATE = 0.1;

    static final String USAGE = "usage: HypergradientAccuracy [seed (default 1)] [meta updates (default 100)]";

    /** A method of the comparison and how to build it for a problem instance. */
    record Method(String name, Function<BiasedRegression, Hypergradient> factory) {}

    /** The three methods, in report order. */
    static final List<Method> METHODS = List.of(
            new Method(SAMA, problem -> new Sama(1.0, true, false)),
            // The Neumann series converges for a step below 2 / (largest Hessian eigenvalue).
            new Method(NEUMANN, problem -> new NeumannSeries(10, 1.0 / problem.largestHessianEigenvalue())),
            new Method(CONJUGATE_GRADIENT, problem -> new ConjugateGradient(10)));

    private HypergradientAccuracy() {}

    /**
     * One method's series.
     *
     * @param method {@link #SAMA}, {@link #NEUMANN} or {@link #CONJUGATE_GRADIENT}
     * @param cosine per meta update t (length = updates): cos(method's meta gradient at w*(λ_t),
     *     true meta gradient at λ_t), taken before the update
     * @param distance ‖λ_t − λ*‖ (length = updates + 1): index 0 before the first update, index t
     *     after t updates
     */
    public record Curve(String method, double[] cosine, double[] distance) {

        public Curve {
            if (distance.length != cosine.length + 1) {
                throw new IllegalArgumentException("distance must have one entry more than cosine: "
                        + distance.length + " vs " + cosine.length);
            }
            cosine = cosine.clone();
            distance = distance.clone();
        }

        /** A copy; the record's own series cannot be changed. */
        @Override
        public double[] cosine() {
            return cosine.clone();
        }

        /** A copy; the record's own series cannot be changed. */
        @Override
        public double[] distance() {
            return distance.clone();
        }

        public int metaUpdates() {
            return cosine.length;
        }

        /** The cosine at λ = 0, before any update; NaN without updates. */
        public double firstCosine() {
            return cosine.length == 0 ? Double.NaN : cosine[0];
        }

        /** NaN without updates. */
        public double meanCosine() {
            return Arrays.stream(cosine).average().orElse(Double.NaN);
        }

        public double initialDistance() {
            return distance[0];
        }

        public double finalDistance() {
            return distance[distance.length - 1];
        }
    }

    /** The curves of all methods, in the order SAMA, Neumann, CG. */
    public record Curves(List<Curve> curves) {

        public Curves {
            curves = List.copyOf(curves);
        }

        /** The curve of {@code method}, e.g. {@link #SAMA}. */
        public Curve curve(String method) {
            return curves.stream()
                    .filter(curve -> curve.method().equals(method))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no curve for method " + method));
        }
    }

    /**
     * Runs the experiment: the problem instance is drawn from {@code seed} (the same for every
     * method) and each method takes {@code metaUpdates} meta updates.
     */
    public static Curves run(long seed, int metaUpdates) {
        requireUpdates(metaUpdates);
        List<Curve> curves = new ArrayList<>(METHODS.size());
        for (Method method : METHODS) {
            curves.add(trajectory(seed, method, metaUpdates));
        }
        return new Curves(curves);
    }

    private static Curve trajectory(long seed, Method method, int metaUpdates) {
        try (BiasedRegression problem = BiasedRegression.appendixE(seed)) {
            Hypergradient hypergradient = method.factory().apply(problem);
            double[] optimum = problem.optimalLambda();
            Optimizer metaOptimizer = Adam.adam(problem.manager(),
                    LearningRateSchedule.constant(META_LEARNING_RATE), 0.9, 0.999, 1e-8, 0);
            double[] cosine = new double[metaUpdates];
            double[] distance = new double[metaUpdates + 1];
            distance[0] = distance(problem.lambda(), optimum);
            for (int t = 0; t < metaUpdates; t++) {
                try (NDManager step = problem.manager().newSubManager();
                        Autograd.GradModeScope off = Autograd.paused()) {
                    double[] lambda = problem.lambda();
                    List<NDArray> gradient = problem.metaGradientAtOptimum(hypergradient, lambda, step);
                    double[] estimate = Tensors.flatten(gradient);
                    double[] truth = problem.trueMetaGradient(lambda);
                    if (isZero(estimate) || isZero(truth)) {
                        // No method's estimate is exactly zero here; one was when float64 scalars read freed
                        // memory after a GC (fixed in Scalars.owned): name what broke instead of a bare "zero norm".
                        throw new IllegalStateException(method.name() + ", meta update " + t + ": "
                                + (isZero(estimate) ? "the method's meta gradient" : "the closed-form meta gradient")
                                + " is zero at λ = " + Arrays.toString(lambda) + " (estimate " + Arrays.toString(estimate)
                                + ", closed form " + Arrays.toString(truth) + ")");
                    }
                    cosine[t] = BiasedRegression.cosine(estimate, truth);
                    metaOptimizer.step(problem.metaParameters(), gradient);
                }
                distance[t + 1] = distance(problem.lambda(), optimum);
            }
            return new Curve(method.name(), cosine, distance);
        }
    }

    /** Whether the vector has no direction (its Euclidean norm is 0, also by underflow). */
    private static boolean isZero(double[] vector) {
        return new ArrayRealVector(vector, false).getNorm() == 0;
    }

    private static double distance(double[] lambda, double[] optimum) {
        return new ArrayRealVector(lambda, false).getDistance(new ArrayRealVector(optimum, false));
    }


    private static void requireUpdates(int metaUpdates) {
        if (metaUpdates < 0) {
            throw new IllegalArgumentException("metaUpdates must be non-negative: " + metaUpdates);
        }
    }

    /** Prints one row per method: first and mean cosine, initial and final distance. */
    static void print(Curves curves, PrintStream out) {
        out.printf(Locale.ROOT, "%-16s %12s %12s %12s %12s%n",
                "method", "first cos", "mean cos", "‖λ0 − λ*‖", "‖λT − λ*‖");
        for (Curve curve : curves.curves()) {
            out.printf(Locale.ROOT, "%-16s %12.5f %12.5f %12.4f %12.4f%n", curve.method(), curve.firstCosine(),
                    curve.meanCosine(), curve.initialDistance(), curve.finalDistance());
        }
    }

    /** The command line: two optional positional numbers (picocli). */
    @picocli.CommandLine.Command(name = "HypergradientAccuracy",
            description = "The paper's Appendix E: meta-gradient accuracy of SAMA, Neumann and CG on biased regression.")
    static final class Arguments {

        @picocli.CommandLine.Parameters(index = "0", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @picocli.CommandLine.Parameters(index = "1", defaultValue = "100",
                description = "meta updates, >= 0 (default: ${DEFAULT-VALUE})")
        int metaUpdates;

        @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    public static void main(String[] args) {
        Arguments arguments = new Arguments();
        picocli.CommandLine line = new picocli.CommandLine(arguments);
        try {
            line.parseArgs(args);
            if (line.isUsageHelpRequested()) {
                line.usage(System.out);
                return;
            }
            requireUpdates(arguments.metaUpdates);
        } catch (picocli.CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Curves curves = run(arguments.seed, arguments.metaUpdates);
        System.out.printf(Locale.ROOT,
                "Appendix E, biased regression (n = 200, d = 50, n' = 100, beta = 0.15), seed %d, %d meta updates%n",
                arguments.seed, arguments.metaUpdates);
        print(curves, System.out);
    }
}
