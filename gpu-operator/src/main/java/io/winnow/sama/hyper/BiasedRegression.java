package io.winnow.sama.hyper;

import static io.winnow.sama.hyper.DenseMatrix.add;
import static io.winnow.sama.hyper.DenseMatrix.identity;
import static io.winnow.sama.hyper.DenseMatrix.multiply;
import static io.winnow.sama.hyper.DenseMatrix.scale;
import static io.winnow.sama.hyper.DenseMatrix.solve;
import static io.winnow.sama.hyper.DenseMatrix.sub;
import static io.winnow.sama.hyper.DenseMatrix.transpose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Scalars;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.device.EngineSettings;
import io.winnow.sama.optim.LearningRateSchedule;
import io.winnow.sama.optim.Optimizer;
import io.winnow.sama.optim.Sgd;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The "biased regression" bilevel problem of the paper's Appendix E, in float64 on the real engine,
 * with its closed-form solutions. Base: w*(λ) = argmin ‖Xw − y‖² + β‖w − λ‖²; meta: ‖X′w*(λ) − y′‖².
 * With M = XᵀX + βI: w* = M⁻¹(Xᵀy + βλ), dL_meta/dλ = 2β·M⁻¹X′ᵀ(X′w* − y′), and
 * λ* = (AᵀA)⁻¹Aᵀb with A = βX′M⁻¹, b = y′ − X′M⁻¹Xᵀy.
 *
 * <p>The arrays live in the problem's own base manager (PyTorch's default device), so the problem
 * must be closed; {@link HypergradientAccuracy} runs the paper's experiment on it.
 */
final class BiasedRegression implements BilevelProblem, AutoCloseable {

    final int dimension;
    final double beta;
    private final double[][] x;
    private final double[] y;
    private final double[][] xMeta;
    private final double[] yMeta;
    private final double[][] m;
    private final NDManager manager;
    private final NDArray xArray;
    private final NDArray yArray;
    private final NDArray xMetaArray;
    private final NDArray yMetaArray;
    private final NDArray w;
    private final NDArray lambda;
    private final ParameterSet theta;
    private final ParameterSet meta;
    final Optimizer baseOptimizer;

    BiasedRegression(long seed, int n, int d, int nMeta, double beta, double baseLearningRate) {
        this(seed, n, d, nMeta, beta, m -> Sgd.plain(m, LearningRateSchedule.constant(baseLearningRate)));
    }

    /** @param baseOptimizer creates the base optimizer in the problem's manager (plain SGD in the paper) */
    BiasedRegression(long seed, int n, int d, int nMeta, double beta,
            java.util.function.Function<NDManager, Optimizer> baseOptimizer) {
        Random random = new Random(seed);
        this.dimension = d;
        this.beta = beta;
        // Rows scaled by 1/√n keep XᵀX of order one, comparable to β, so the base Jacobian M is far
        // from a multiple of the identity and λ moves w* appreciably.
        this.x = DenseMatrix.scale(DenseMatrix.gaussian(random, n, d), 1 / Math.sqrt(n));
        this.xMeta = DenseMatrix.scale(DenseMatrix.gaussian(random, nMeta, d), 1 / Math.sqrt(nMeta));
        double[] wTrue = DenseMatrix.gaussian(random, d);
        // Both levels observe the same w_true with noise: the ridge term biases w* towards λ, and the
        // best λ is close to w_true (plus what fits the meta noise).
        this.y = add(multiply(x, wTrue), scale(DenseMatrix.gaussian(random, n), 0.1));
        this.yMeta = add(multiply(xMeta, wTrue), scale(DenseMatrix.gaussian(random, nMeta), 0.1));
        this.m = add(multiply(transpose(x), x), identity(d, beta));
        EngineSettings.ensureOffline();
        this.manager = NDManager.newBaseManager("PyTorch");
        this.xArray = matrix(x);
        this.yArray = manager.create(y);
        this.xMetaArray = matrix(xMeta);
        this.yMetaArray = manager.create(yMeta);
        this.w = manager.zeros(new Shape(d), DataType.FLOAT64);
        this.lambda = manager.zeros(new Shape(d), DataType.FLOAT64);
        this.theta = ParameterSet.builder().add("w", w).build();
        this.meta = ParameterSet.builder().add("lambda", lambda).build();
        theta.setRequiresGradient(true);
        meta.setRequiresGradient(true);
        this.baseOptimizer = baseOptimizer.apply(manager);
    }

    /** The paper's setting: n = 200, d = 50, n′ = 100, β = 0.15, base SGD learning rate 1e-3. */
    static BiasedRegression appendixE(long seed) {
        return new BiasedRegression(seed, 200, 50, 100, 0.15, 1e-3);
    }

    private NDArray matrix(double[][] values) {
        double[] flat = new double[values.length * values[0].length];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * values[0].length, values[0].length);
        }
        return manager.create(flat, new Shape(values.length, values[0].length));
    }

    @Override
    public ParameterSet baseParameters() {
        return theta;
    }

    @Override
    public ParameterSet metaParameters() {
        return meta;
    }

    @Override
    public NDArray baseLoss(boolean thetaGraph) {
        NDArray residual = xArray.matMul(w).sub(yArray);
        NDArray bias = w.sub(lambda);
        return residual.square().sum().add(Scalars.mul(bias.square().sum(), beta));
    }

    @Override
    public NDArray metaLoss() {
        return xMetaArray.matMul(w).sub(yMetaArray).square().sum();
    }

    @Override
    public List<NDArray> updateJacobianDiagonal(NDManager into) {
        return baseOptimizer.updateJacobianDiagonal(into);
    }

    /** One optimizer step on the base loss, so that the optimizer has a "last update". */
    void baseStep() {
        try (NDManager step = manager.newSubManager(); Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> gradient;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                gradient = Autograd.gradient(baseLoss(true), theta.arrays(), step);
            }
            baseOptimizer.step(theta, gradient);
        }
    }

    void setW(double[] values) {
        try (NDArray v = manager.create(values)) {
            Tensors.copyInto(v, w);
        }
    }

    void setLambda(double[] values) {
        try (NDArray v = manager.create(values)) {
            Tensors.copyInto(v, lambda);
        }
    }

    /** ∇_w L_base = 2Xᵀ(Xw − y) + 2β(w − λ), in closed form. */
    double[] baseGradient(double[] wValues, double[] lam) {
        return add(scale(multiply(transpose(x), sub(multiply(x, wValues), y)), 2), scale(sub(wValues, lam), 2 * beta));
    }

    /** ∇_w L_meta = 2X′ᵀ(X′w − y′), in closed form. */
    double[] metaGradientInW(double[] wValues) {
        return scale(multiply(transpose(xMeta), sub(multiply(xMeta, wValues), yMeta)), 2);
    }

    double[] lambda() {
        return lambda.toDoubleArray();
    }

    double[] w() {
        return w.toDoubleArray();
    }

    double[] optimalBase(double[] lam) {
        return solve(m, add(multiply(transpose(x), y), scale(lam, beta)));
    }

    double[] trueMetaGradient(double[] lam) {
        double[] wStar = optimalBase(lam);
        double[] residual = sub(multiply(xMeta, wStar), yMeta);
        return scale(solve(m, multiply(transpose(xMeta), residual)), 2 * beta);
    }

    double metaLossAtOptimum(double[] lam) {
        double[] residual = sub(multiply(xMeta, optimalBase(lam)), yMeta);
        return DenseMatrix.dot(residual, residual);
    }

    double[] optimalLambda() {
        double[][] mInverseT = solve(m, identity(dimension, 1.0)); // M is symmetric
        double[][] a = DenseMatrix.scale(multiply(xMeta, mInverseT), beta);
        double[] b = sub(yMeta, multiply(xMeta, solve(m, multiply(transpose(x), y))));
        double[][] at = transpose(a);
        return solve(multiply(at, a), multiply(at, b));
    }

    /** Largest eigenvalue of the base Hessian 2M, by power iteration. */
    double largestHessianEigenvalue() {
        double[] v = new double[dimension];
        Arrays.fill(v, 1.0);
        double eigenvalue = 0;
        for (int i = 0; i < 500; i++) {
            double[] next = scale(multiply(m, v), 2.0);
            eigenvalue = DenseMatrix.norm(next) / DenseMatrix.norm(v);
            v = scale(next, 1.0 / DenseMatrix.norm(next));
        }
        return eigenvalue;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
