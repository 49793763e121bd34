package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Perturbation;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.hyper.BilevelProblem;
import io.winnow.sama.hyper.ConjugateGradient;
import io.winnow.sama.hyper.NeumannSeries;
import io.winnow.sama.hyper.Sama;
import io.winnow.sama.meta.LabelCorrector;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.MlpClassifier;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Adam;
import io.winnow.sama.optim.LearningRateSchedule;
import io.winnow.sama.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Float64 finite-difference checks of every hypergradient method. The references use only
 * first-order gradients and central differences, never the code under test.
 *
 * <p>The exact second-order methods (Neumann, CG, SAMA's limit) are checked on a bilevel problem
 * without detached paths (an MLP with dropout whose per-sample loss weights are λ, Adam at the base
 * level): there the Hessian of the recorded graph and the derivative of the gradient field agree.
 * In the curation problem the meta nets read the base model through detached values, which the
 * double backward holds constant but a central difference does not; there SAMA is checked against
 * its defining central difference.
 */
class HypergradientFiniteDifferenceTest {

    private static final double H = 1e-5;

    private NDManager manager;
    private BaseLearner learner;
    private Optimizer baseOptimizer;
    private WeightedProblem weighted;
    private CurationProblem curation;
    private CurationProblem frozenCuration;

    @BeforeEach
    void setUp() {
        manager = EngineTestSupport.manager();
        SplitMix64 rng = new SplitMix64(11);
        Random random = new Random(5);
        try (Autograd.GradModeScope off = Autograd.paused()) {
            learner = MlpClassifier.create(manager, new int[] {5, 7, 3}, 0.3, DataType.FLOAT64, rng);
            baseOptimizer = Adam.adam(manager, LearningRateSchedule.constant(0.01), 0.9, 0.999, 1e-8, 0);
            List<Example> base = examples(random, 8, "b");
            List<Example> meta = examples(random, 6, "m");
            ModelInput baseInput = ModelInput.encode(base, learner.inputSpec(), DataType.FLOAT64, manager);
            ModelInput metaInput = ModelInput.encode(meta, learner.inputSpec(), DataType.FLOAT64, manager);
            NDArray baseLabels = LabeledBatch.oneHot(base, 3, DataType.FLOAT64, manager);
            NDArray metaLabels = LabeledBatch.oneHot(meta, 3, DataType.FLOAT64, manager);

            NDArray sampleLogits = EngineTestSupport.randomArray(manager, random, new ai.djl.ndarray.types.Shape(8), DataType.FLOAT64);
            ParameterSet sampleWeights = ParameterSet.builder().add("logits", sampleLogits).build();
            sampleWeights.setRequiresGradient(true);
            weighted = new WeightedProblem(learner, sampleWeights, baseOptimizer, baseInput, baseLabels, metaInput, metaLabels);

            Reweighter reweighter = Reweighter.create(manager, 6, false, DataType.FLOAT64, rng);
            LabelCorrector corrector = LabelCorrector.create(manager, 3, 2, 6, DataType.FLOAT64, rng);
            randomize(reweighter.parameters(), random);
            randomize(corrector.parameters(), random);
            LabeledBatch batch = new LabeledBatch(base, baseInput, baseLabels,
                    LabeledBatch.votes(base, 2, 3, DataType.FLOAT64, manager), null, Forward.train(99L));
            learner.logits(baseInput, batch.trainingPass()); // the base step's pass draws the masks the meta step replays
            curation = new CurationProblem(learner, new CurationLoss(reweighter, corrector, false),
                    ParameterSet.concat(reweighter.parameters(), corrector.parameters()), baseOptimizer, batch,
                    metaInput, metaLabels, false, null);
            for (int i = 0; i < 3; i++) {
                baseOptimizer.step(learner.parameters(), firstOrder(weighted, true, learner.parameters().arrays()));
            }
            // The default: the meta nets' inputs held at their values at the current θ, the centre of θ±.
            frozenCuration = new CurationProblem(learner, new CurationLoss(reweighter, corrector, false),
                    ParameterSet.concat(reweighter.parameters(), corrector.parameters()), baseOptimizer, batch,
                    metaInput, metaLabels, true, null);
        }
    }

    @AfterEach
    void tearDown() {
        learner.close();
        manager.close();
    }

    /**
     * A bilevel problem whose meta parameters are per-sample weight logits: L_base = mean 2σ(λ_i)·CE_i(θ),
     * L_meta = mean CE on the meta batch. Every path from θ is recorded, nothing is detached.
     */
    private record WeightedProblem(BaseLearner learner, ParameterSet lambda, Optimizer optimizer, ModelInput input,
            NDArray labels, ModelInput metaInput, NDArray metaLabels) implements BilevelProblem {

        @Override
        public ParameterSet baseParameters() {
            return learner.parameters();
        }

        @Override
        public ParameterSet metaParameters() {
            return lambda;
        }

        @Override
        public NDArray baseLoss(boolean thetaGraph) {
            NDArray losses = learner.logits(input, Forward.train(42)).logSoftmax(1).mul(labels).sum(new int[] {1}).neg();
            NDArray weights = io.winnow.sama.autograd.Scalars.mul(ai.djl.nn.Activation.sigmoid(lambda.get("logits")), 2.0);
            return losses.mul(weights).mean();
        }

        @Override
        public NDArray metaLoss() {
            return learner.logits(metaInput, Forward.eval()).logSoftmax(1).mul(metaLabels).sum(new int[] {1}).neg().mean();
        }

        @Override
        public List<NDArray> updateJacobianDiagonal(NDManager into) {
            return optimizer.updateJacobianDiagonal(into);
        }
    }

    @Test
    void hessianVectorProductsMatchFiniteDifferencesOfGradients() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = weighted.metaParameters().arrays();
            List<NDArray> v = randomLike(theta, new Random(1));
            List<NDArray> exact;
            List<NDArray> mixed;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                DifferentiableGradient g = DifferentiableGradient.of(weighted.baseLoss(true), theta, manager);
                exact = g.vectorProduct(v, theta, manager);
                mixed = g.vectorProduct(v, lambda, manager);
            }
            assertThat(error(exact, centralDifference(weighted, v, theta, H))).isLessThan(1e-6);
            assertThat(error(mixed, centralDifference(weighted, v, lambda, H))).isLessThan(1e-6);
        }
    }

    @Test
    void samaConvergesToTheMixedSecondDerivativeAlongTheAdaptedMetaGradient() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = weighted.metaParameters().arrays();
            List<NDArray> sama = new Sama(1e-4, true, false).metaGradient(weighted, manager).lambdaGradient();

            // direct − ∂²L_base/∂λ∂θ · (D ⊙ g_θ); the direct term is zero here (L_meta ignores λ).
            List<NDArray> v = Tensors.mul(baseOptimizer.updateJacobianDiagonal(manager), firstOrder(weighted, false, theta));
            List<NDArray> reference;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                DifferentiableGradient g = DifferentiableGradient.of(weighted.baseLoss(true), theta, manager);
                reference = Tensors.scale(g.vectorProduct(v, lambda, manager), -1);
            }
            assertThat(error(sama, reference)).isLessThan(1e-6);
            assertThat(Tensors.norm(reference)).isGreaterThan(0);
        }
    }

    @Test
    void samaOnTheCurationProblemIsItsCentralDifferenceAndRestoresTheta() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = curation.metaParameters().arrays();
            double[] before = EngineTestSupport.flatten(theta);
            List<NDArray> sama = new Sama(1.0, true, false).metaGradient(curation, manager).lambdaGradient();
            assertThat(EngineTestSupport.flatten(theta)).as("θ restored bit for bit").isEqualTo(before);

            List<NDArray> v = Tensors.mul(baseOptimizer.updateJacobianDiagonal(manager), firstOrder(curation, false, theta));
            double epsilon = 1.0 / Tensors.norm(v);
            List<NDArray> reference = Tensors.add(firstOrder(curation, false, lambda),
                    Tensors.scale(centralDifference(curation, v, lambda, epsilon * Tensors.norm(v)), -1));
            assertThat(error(sama, reference)).isLessThan(1e-9);
            assertThat(Tensors.norm(sama)).isGreaterThan(0);
        }
    }

    /**
     * With the meta nets' inputs frozen (the default) every path from θ to the base loss is recorded,
     * so SAMA's α → 0 limit is the exact mixed second derivative of the recorded graph.
     */
    @Test
    void samaWithFrozenMetaInputsConvergesToTheExactMixedDerivative() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = frozenCuration.metaParameters().arrays();
            List<NDArray> sama = new Sama(1e-4, true, false).metaGradient(frozenCuration, manager).lambdaGradient();

            List<NDArray> v = Tensors.mul(baseOptimizer.updateJacobianDiagonal(manager),
                    firstOrder(frozenCuration, false, theta));
            List<NDArray> reference;
            try (Autograd.GradModeScope on = Autograd.recording()) {
                DifferentiableGradient g = DifferentiableGradient.of(frozenCuration.baseLoss(true), theta, manager);
                reference = Tensors.scale(g.vectorProduct(v, lambda, manager), -1);
            }
            assertThat(error(sama, reference)).isLessThan(1e-6);
            assertThat(Tensors.norm(reference)).isGreaterThan(0);
        }
    }

    @Test
    void samaSkipsTheMetaStepWhenTheMetaLossIsFlatInTheta() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            BilevelProblem flat = weighted;
            BilevelProblem zeroMeta = new BilevelProblem() {
                @Override public ParameterSet baseParameters() { return flat.baseParameters(); }
                @Override public ParameterSet metaParameters() { return flat.metaParameters(); }
                @Override public NDArray baseLoss(boolean thetaGraph) { return flat.baseLoss(thetaGraph); }
                @Override public NDArray metaLoss() { return flat.metaLoss().mul(0); }
                @Override public List<NDArray> updateJacobianDiagonal(NDManager into) { return flat.updateJacobianDiagonal(into); }
            };
            var result = new Sama(1.0, true, false).metaGradient(zeroMeta, manager);
            assertThat(result.usable()).as("no direction to perturb along: no meta gradient").isFalse();
            assertThat(result.lambdaGradient()).isEmpty();
            assertThat(new Sama(1.0, true, false).metaGradient(weighted, manager).usable()).isTrue();
        }
    }

    @Test
    void neumannSeriesMatchesADenseFiniteDifferenceReference() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = weighted.metaParameters().arrays();
            double scale = 0.05;
            int terms = 4;
            List<NDArray> neumann = new NeumannSeries(terms, scale).metaGradient(weighted, manager).lambdaGradient();

            RealMatrix hessian = denseHessian(theta);
            RealVector term = new ArrayRealVector(EngineTestSupport.flatten(firstOrder(weighted, false, theta)));
            RealVector sum = term.copy();
            for (int k = 0; k < terms; k++) {
                term = term.subtract(hessian.operate(term).mapMultiply(scale));
                sum = sum.add(term);
            }
            List<NDArray> reference = Tensors.scale(centralDifference(weighted, unflatten(sum.toArray(), theta), lambda, H), -scale);
            assertThat(error(neumann, reference)).isLessThan(1e-5);
        }
    }

    @Test
    void conjugateGradientMatchesADenseFiniteDifferenceReference() {
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> theta = learner.parameters().arrays();
            List<NDArray> lambda = weighted.metaParameters().arrays();
            int steps = 3;
            List<NDArray> cg = new ConjugateGradient(steps).metaGradient(weighted, manager).lambdaGradient();

            RealMatrix hessian = denseHessian(theta);
            RealVector b = new ArrayRealVector(EngineTestSupport.flatten(firstOrder(weighted, false, theta)));
            RealVector x = new ArrayRealVector(b.getDimension());
            RealVector r = b.copy();
            RealVector d = b.copy();
            double rr = r.dotProduct(r);
            for (int k = 0; k < steps; k++) {
                RealVector hd = hessian.operate(d);
                double curvature = d.dotProduct(hd);
                if (!(curvature > 0)) {
                    break;
                }
                double step = rr / curvature;
                x = x.add(d.mapMultiply(step));
                r = r.subtract(hd.mapMultiply(step));
                double next = r.dotProduct(r);
                d = r.add(d.mapMultiply(next / rr));
                rr = next;
            }
            List<NDArray> reference = Tensors.scale(centralDifference(weighted, unflatten(x.toArray(), theta), lambda, H), -1);
            assertThat(error(cg, reference)).isLessThan(1e-5);
        }
    }

    /** (∇_wrt L_base(θ + hv̂) − ∇_wrt L_base(θ − hv̂)) / 2h · ‖v‖ with v̂ = v/‖v‖, first-order gradients only. */
    private List<NDArray> centralDifference(BilevelProblem problem, List<NDArray> v, List<NDArray> wrt, double step) {
        double h = step / Math.max(Tensors.norm(v), 1e-300);
        List<NDArray> plus;
        List<NDArray> minus;
        try (Perturbation perturbation = Perturbation.of(learner.parameters(), manager)) {
            perturbation.moveTo(h, v);
            plus = firstOrder(problem, true, wrt);
            perturbation.moveTo(-h, v);
            minus = firstOrder(problem, true, wrt);
        }
        return Tensors.scale(Tensors.sub(plus, minus), 1 / (2 * h));
    }

    private RealMatrix denseHessian(List<NDArray> theta) {
        int n = (int) learner.parameters().elementCount();
        double[][] columns = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] basis = new double[n];
            basis[i] = 1;
            columns[i] = EngineTestSupport.flatten(centralDifference(weighted, unflatten(basis, theta), theta, H));
        }
        RealMatrix hessian = new Array2DRowRealMatrix(columns, false).transpose();
        // Symmetrise away the finite-difference noise.
        return hessian.add(hessian.transpose()).scalarMultiply(0.5);
    }

    private List<NDArray> firstOrder(BilevelProblem problem, boolean base, List<NDArray> wrt) {
        try (Autograd.GradModeScope on = Autograd.recording()) {
            return Autograd.gradient(base ? problem.baseLoss(true) : problem.metaLoss(), wrt, manager);
        }
    }

    private List<NDArray> unflatten(double[] values, List<NDArray> like) {
        List<NDArray> out = new ArrayList<>();
        int offset = 0;
        for (NDArray array : like) {
            int size = (int) array.size();
            double[] part = new double[size];
            System.arraycopy(values, offset, part, 0, size);
            out.add(manager.create(part, array.getShape()));
            offset += size;
        }
        return out;
    }

    private List<NDArray> randomLike(List<NDArray> like, Random random) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray array : like) {
            out.add(EngineTestSupport.randomArray(manager, random, array.getShape(), DataType.FLOAT64));
        }
        return out;
    }

    private static double error(List<NDArray> actual, List<NDArray> expected) {
        return EngineTestSupport.relativeError(
                EngineTestSupport.flatten(actual), EngineTestSupport.flatten(expected), 1e-8);
    }

    private void randomize(ParameterSet parameters, Random random) {
        for (NDArray array : parameters.arrays()) {
            try (NDArray values = EngineTestSupport.randomArray(manager, random, array.getShape(), DataType.FLOAT64)) {
                Tensors.copyInto(values.mul(0.5), array);
            }
        }
    }

    private static List<Example> examples(Random random, int count, String prefix) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] features = new float[5];
            for (int j = 0; j < 5; j++) {
                features[j] = (float) random.nextGaussian();
            }
            int[] votes = {random.nextInt(4) - 1, random.nextInt(4) - 1};
            examples.add(Example.dense(prefix + i, features, random.nextInt(3)).withVotes(votes));
        }
        return examples;
    }
}
