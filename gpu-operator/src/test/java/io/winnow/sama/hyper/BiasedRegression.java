package io.winnow.sama.hyper;

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

import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The "biased regression" bilevel problem of the paper's Appendix E, in float64 on the real engine,
 * with its closed-form solutions. Base: w*(λ) = argmin ‖Xw − y‖² + β‖w − λ‖²; meta: ‖X′w*(λ) − y′‖².
 * With M = XᵀX + βI: w* = M⁻¹(Xᵀy + βλ), dL_meta/dλ = 2β·M⁻¹X′ᵀ(X′w* − y′), and
 * λ* = (AᵀA)⁻¹Aᵀb with A = βX′M⁻¹, b = y′ − X′M⁻¹Xᵀy.
 *
 * <p>The arrays live in the problem's own base manager (PyTorch's default device), so the problem
 * must be closed. A test fixture of the engine (its closed forms check the hypergradients), shipped in
 * the module's test jar for the benchmarks, whose HypergradientAccuracy runs the paper's experiment
 * on it. The closed forms use commons-math3.
 */
public final class BiasedRegression implements BilevelProblem, AutoCloseable {

    final int dimension;
    final double beta;
    private final RealMatrix x;
    private final RealVector y;
    private final RealMatrix xMeta;
    private final RealVector yMeta;
    /** M = XᵀX + βI, symmetric positive definite. */
    private final DecompositionSolver m;
    private final RealMatrix mMatrix;
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

    public BiasedRegression(long seed, int n, int d, int nMeta, double beta, double baseLearningRate) {
        this(seed, n, d, nMeta, beta, m -> Sgd.plain(m, LearningRateSchedule.constant(baseLearningRate)));
    }

    /** @param baseOptimizer creates the base optimizer in the problem's manager (plain SGD in the paper) */
    public BiasedRegression(long seed, int n, int d, int nMeta, double beta,
            java.util.function.Function<NDManager, Optimizer> baseOptimizer) {
        Random random = new Random(seed);
        this.dimension = d;
        this.beta = beta;
        // Rows scaled by 1/√n keep XᵀX of order one, comparable to β, so the base Jacobian M is far
        // from a multiple of the identity and λ moves w* appreciably.
        this.x = gaussian(random, n, d).scalarMultiply(1 / Math.sqrt(n));
        this.xMeta = gaussian(random, nMeta, d).scalarMultiply(1 / Math.sqrt(nMeta));
        RealVector wTrue = gaussian(random, d);
        // Both levels observe the same w_true with noise: the ridge term biases w* towards λ, and the
        // best λ is close to w_true (plus what fits the meta noise).
        this.y = x.operate(wTrue).add(gaussian(random, n).mapMultiply(0.1));
        this.yMeta = xMeta.operate(wTrue).add(gaussian(random, nMeta).mapMultiply(0.1));
        this.mMatrix = x.transpose().multiply(x).add(MatrixUtils.createRealIdentityMatrix(d).scalarMultiply(beta));
        this.m = new CholeskyDecomposition(mMatrix).getSolver();
        EngineSettings.ensureOffline();
        this.manager = NDManager.newBaseManager("PyTorch");
        this.xArray = matrix(x);
        this.yArray = manager.create(y.toArray());
        this.xMetaArray = matrix(xMeta);
        this.yMetaArray = manager.create(yMeta.toArray());
        this.w = manager.zeros(new Shape(d), DataType.FLOAT64);
        this.lambda = manager.zeros(new Shape(d), DataType.FLOAT64);
        this.theta = ParameterSet.builder().add("w", w).build();
        this.meta = ParameterSet.builder().add("lambda", lambda).build();
        theta.setRequiresGradient(true);
        meta.setRequiresGradient(true);
        this.baseOptimizer = baseOptimizer.apply(manager);
    }

    /** The paper's setting: n = 200, d = 50, n′ = 100, β = 0.15, base SGD learning rate 1e-3. */
    public static BiasedRegression appendixE(long seed) {
        return new BiasedRegression(seed, 200, 50, 100, 0.15, 1e-3);
    }

    /** Row-major standard normal draws, in the order the problem's data was always drawn. */
    private static RealMatrix gaussian(Random random, int rows, int cols) {
        double[][] values = new double[rows][cols];
        for (double[] row : values) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return new Array2DRowRealMatrix(values, false);
    }

    private static RealVector gaussian(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return new ArrayRealVector(values, false);
    }

    private NDArray matrix(RealMatrix values) {
        int rows = values.getRowDimension();
        int cols = values.getColumnDimension();
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values.getRow(i), 0, flat, i * cols, cols);
        }
        return manager.create(flat, new Shape(rows, cols));
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
    public void baseStep() {
        try (NDManager step = manager.newSubManager(); Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> gradient;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                gradient = Autograd.gradient(baseLoss(true), theta.arrays(), step);
            }
            baseOptimizer.step(theta, gradient);
        }
    }

    public void setW(double[] values) {
        try (NDArray v = manager.create(values)) {
            Tensors.copyInto(v, w);
        }
    }

    public void setLambda(double[] values) {
        try (NDArray v = manager.create(values)) {
            Tensors.copyInto(v, lambda);
        }
    }

    /** ∇_w L_base = 2Xᵀ(Xw − y) + 2β(w − λ), in closed form. */
    double[] baseGradient(double[] wValues, double[] lam) {
        RealVector w = vector(wValues);
        return x.transpose().operate(x.operate(w).subtract(y)).mapMultiply(2)
                .add(w.subtract(vector(lam)).mapMultiply(2 * beta)).toArray();
    }

    /** ∇_w L_meta = 2X′ᵀ(X′w − y′), in closed form. */
    double[] metaGradientInW(double[] wValues) {
        return xMeta.transpose().operate(xMeta.operate(vector(wValues)).subtract(yMeta)).mapMultiply(2).toArray();
    }

    public double[] lambda() {
        return lambda.toDoubleArray();
    }

    public double[] w() {
        return w.toDoubleArray();
    }

    /** w*(λ) = M⁻¹(Xᵀy + βλ). */
    public double[] optimalBase(double[] lam) {
        return m.solve(x.transpose().operate(y).add(vector(lam).mapMultiply(beta))).toArray();
    }

    /** dL_meta/dλ = 2β·M⁻¹X′ᵀ(X′w* − y′). */
    public double[] trueMetaGradient(double[] lam) {
        RealVector residual = xMeta.operate(vector(optimalBase(lam))).subtract(yMeta);
        return m.solve(xMeta.transpose().operate(residual)).mapMultiply(2 * beta).toArray();
    }

    double metaLossAtOptimum(double[] lam) {
        RealVector residual = xMeta.operate(vector(optimalBase(lam))).subtract(yMeta);
        return residual.dotProduct(residual);
    }

    /** λ* = argmin ‖Aλ − b‖², A = βX′M⁻¹, b = y′ − X′M⁻¹Xᵀy (least squares by QR). */
    public double[] optimalLambda() {
        RealMatrix a = xMeta.multiply(m.getInverse()).scalarMultiply(beta);
        RealVector b = yMeta.subtract(xMeta.operate(m.solve(x.transpose().operate(y))));
        return new QRDecomposition(a).getSolver().solve(b).toArray();
    }

    /** Largest eigenvalue of the base Hessian 2M. */
    public double largestHessianEigenvalue() {
        double[] eigenvalues = new EigenDecomposition(mMatrix).getRealEigenvalues();
        return 2 * java.util.Arrays.stream(eigenvalues).max().orElseThrow();
    }

    /**
     * Sets λ, puts w at w*(λ) and returns the method's meta gradient there, owned by {@code step}.
     * Call with grad mode off. Before that one base step gives the base optimizer a last update
     * (SAMA reads its Jacobian, D = lr for SGD); w is then put back at w*(λ).
     *
     * @throws IllegalStateException if the method did not leave w bit-identical
     */
    public List<NDArray> metaGradientAtOptimum(Hypergradient method, double[] lam, NDManager step) {
        double[] optimal = optimalBase(lam);
        setLambda(lam);
        setW(optimal);
        baseStep();
        setW(optimal);
        double[] before = w();
        List<NDArray> gradient = method.metaGradient(this, step).lambdaGradient();
        if (!java.util.Arrays.equals(before, w())) {
            throw new IllegalStateException(method + " did not restore θ bit for bit");
        }
        return gradient;
    }

    /** Cosine between a method's meta gradient at w = w*(λ) and the closed-form meta gradient. */
    public double cosineToClosedForm(Hypergradient method, double[] lam) {
        try (NDManager step = manager.newSubManager(); Autograd.GradModeScope off = Autograd.paused()) {
            return cosine(Tensors.flatten(metaGradientAtOptimum(method, lam, step)), trueMetaGradient(lam));
        }
    }

    public static double cosine(double[] a, double[] b) {
        return vector(a).cosine(vector(b));
    }

    private static RealVector vector(double[] values) {
        return new ArrayRealVector(values, false);
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
