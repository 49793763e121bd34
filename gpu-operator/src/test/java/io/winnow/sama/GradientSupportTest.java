package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.DifferentiableGradient;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.hyper.BilevelProblem;
import io.winnow.sama.hyper.Sama;
import io.winnow.sama.meta.Reweighter;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.model.TextClassifier;
import io.winnow.sama.model.TextClassifierSpec;
import io.winnow.sama.optim.Adam;
import io.winnow.sama.optim.LearningRateSchedule;
import io.winnow.sama.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SAMA's perturbation on a text model whose meta batch uses words the base batches never saw. Adam's
 * update Jacobian is largest exactly there (√ŝ = 0 ≲ eps), so v = D ⊙ g_θ concentrates on embedding
 * rows that do not enter the base loss and ε = α/‖v‖ collapses. Masking v with the last base
 * gradient's support must change nothing in the limit (the mixed derivative is 0 on those rows) and
 * must move the whole perturbation onto rows that matter.
 */
class GradientSupportTest {

    private static final int VOCABULARY = 60;
    private static final int BASE_WORDS = 30; // base batches use ids 1..29, the meta batch ids 30..59

    private DataType type;
    private NDManager manager;
    private TextClassifier learner;
    private Optimizer adam;
    private Reweighter reweighter;
    private LabeledBatch baseBatch;
    private ModelInput metaInput;
    private NDArray metaLabels;

    @BeforeEach
    void setUp() {
        manager = EngineTestSupport.manager();
    }

    private void prepare(DataType type) {
        this.type = type;
        SplitMix64 rng = new SplitMix64(3);
        Random random = new Random(4);
        try (Autograd.GradModeScope off = Autograd.paused()) {
            learner = TextClassifier.create(manager,
                    new TextClassifierSpec(VOCABULARY, 6, 8, 0, 2, 16, new int[] {8}, 2, 0.0), type, rng);
            adam = Adam.adam(manager, LearningRateSchedule.constant(1e-3), 0.9, 0.999, 1e-8, 0);
            reweighter = Reweighter.create(manager, 6, false, type, rng);
            for (NDArray array : reweighter.parameters().arrays()) {
                try (NDArray values = EngineTestSupport.randomArray(manager, random, array.getShape(), type)) {
                    Tensors.copyInto(values.mul(0.5), array);
                }
            }
            List<Example> meta = examples(random, 8, BASE_WORDS, VOCABULARY);
            metaInput = ModelInput.encode(meta, learner.inputSpec(), type, manager);
            metaLabels = LabeledBatch.oneHot(meta, 2, type, manager);
            for (int step = 0; step < 5; step++) {
                baseBatch = batch(examples(random, 8, 1, BASE_WORDS));
                adam.step(learner.parameters(), baseGradient());
            }
        }
    }

    @AfterEach
    void tearDown() {
        if (learner != null) {
            learner.close();
        }
        manager.close();
    }

    @Test
    void maskingTheRowsOutsideTheBaseLossIsExact() {
        prepare(DataType.FLOAT64);
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> support = nonZero(baseGradient());
            BilevelProblem masked = problem(support);
            List<NDArray> v = Tensors.mul(adam.updateJacobianDiagonal(manager), metaGradient(masked));
            assertThat(Tensors.norm(Tensors.mul(v, support)) / Tensors.norm(v))
                    .as("share of ‖v‖ on rows that enter the base loss, unmasked").isLessThan(0.01);

            // The exact mixed product along the unmasked v: the rows outside the base loss add nothing.
            List<NDArray> reference = exactMixedProduct(masked, v);
            List<NDArray> limit = new Sama(1e-4, true, false).metaGradient(masked, manager).lambdaGradient();
            assertThat(relativeError(limit, reference)).as("masked SAMA, α → 0").isLessThan(1e-6);
            assertThat(Tensors.norm(reference)).isGreaterThan(0);
        }
    }

    /**
     * In float32 at the paper's α = 1: unmasked, the rows that matter move by a few millionths of
     * the perturbation and the central difference drowns in round-off; masked, it tracks the exact
     * product.
     */
    @Test
    void maskingKeepsTheFloat32CentralDifferenceAccurate() {
        prepare(DataType.FLOAT32);
        try (Autograd.GradModeScope off = Autograd.paused()) {
            List<NDArray> support = nonZero(baseGradient());
            BilevelProblem masked = problem(support);
            List<NDArray> v = Tensors.mul(Tensors.mul(adam.updateJacobianDiagonal(manager), metaGradient(masked)), support);
            List<NDArray> reference = exactMixedProduct(masked, v);
            double withMask = cosine(new Sama(1.0, true, false).metaGradient(masked, manager).lambdaGradient(), reference);
            double withoutMask = cosine(new Sama(1.0, true, false).metaGradient(problem(null), manager).lambdaGradient(),
                    reference);
            assertThat(withMask).isGreaterThan(0.95);
            assertThat(withoutMask).isLessThan(withMask);
        }
    }

    private List<NDArray> exactMixedProduct(BilevelProblem problem, List<NDArray> v) {
        try (Autograd.GradModeScope on = Autograd.recording()) {
            DifferentiableGradient g = DifferentiableGradient.of(problem.baseLoss(true), learner.parameters().arrays(), manager);
            return Tensors.scale(g.vectorProduct(v, reweighter.parameters().arrays(), manager), -1);
        }
    }

    private BilevelProblem problem(List<NDArray> support) {
        return new CurationProblem(learner, new CurationLoss(reweighter, null, false), reweighter.parameters(), adam,
                baseBatch, metaInput, metaLabels, true, support);
    }

    private List<NDArray> baseGradient() {
        try (Autograd.GradModeScope on = Autograd.recording()) {
            NDArray loss = new CurationLoss(reweighter, null, false)
                    .evaluate(learner.logits(baseBatch.input(), baseBatch.trainingPass()), baseBatch, false, null).loss();
            return Autograd.gradient(loss, learner.parameters().arrays(), manager);
        }
    }

    private List<NDArray> metaGradient(BilevelProblem problem) {
        try (Autograd.GradModeScope on = Autograd.recording()) {
            return Autograd.gradient(problem.metaLoss(), learner.parameters().arrays(), manager);
        }
    }

    private LabeledBatch batch(List<Example> examples) {
        ModelInput input = ModelInput.encode(examples, learner.inputSpec(), type, manager);
        return new LabeledBatch(examples, input, LabeledBatch.oneHot(examples, 2, type, manager), null, null,
                Forward.train(7));
    }

    private List<NDArray> nonZero(List<NDArray> arrays) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray array : arrays) {
            out.add(array.neq(0).toType(type, false));
        }
        return out;
    }

    /** Token ids drawn from [from, to), one label per sample. */
    private static List<Example> examples(Random random, int count, int from, int to) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] tokens = new int[6];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = from + random.nextInt(to - from);
            }
            out.add(Example.tokens("e" + from + "-" + i, tokens, random.nextInt(2)));
        }
        return out;
    }

    private static double relativeError(List<NDArray> actual, List<NDArray> expected) {
        return EngineTestSupport.relativeError(EngineTestSupport.flatten(actual), EngineTestSupport.flatten(expected), 1e-8);
    }

    private static double cosine(List<NDArray> a, List<NDArray> b) {
        return Tensors.dot(a, b) / (Tensors.norm(a) * Tensors.norm(b));
    }
}
