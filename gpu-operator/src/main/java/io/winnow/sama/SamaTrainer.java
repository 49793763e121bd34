package io.winnow.sama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.device.Devices;
import io.winnow.sama.device.EngineSettings;
import io.winnow.sama.hyper.BilevelProblem;
import io.winnow.sama.hyper.Hypergradient;
import io.winnow.sama.hyper.MetaGradient;
import io.winnow.sama.label.LabelModel;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains a base learner on a stream of batches with SAMA meta learning, and says for every sample
 * how much it counted and what its label should be.
 *
 * <p>Each {@link #train} call is one base step: forward, weights and corrected labels from the meta
 * nets (λ frozen), weighted cross-entropy against the corrected labels, one update of θ. After every
 * {@code unroll} updates a meta step computes the meta gradient on a meta batch (trusted samples,
 * or recent training samples in pruning mode) and updates λ.
 *
 * <p>With {@link Objective#CONTINUED_PRETRAINING} a batch holds unlabeled text instead: the base
 * step learns it with the masked-token objective, each sample weighted by the reweighting net, plus
 * the downstream loss on a finetuning batch drawn from the trusted (labeled) buffer; meta steps
 * minimise the downstream loss on another batch of it.
 *
 * <p>This class is the loop and what both objectives share: the base update, the meta step,
 * counters and snapshots. {@link TrainerParts} holds what it is made of (model, meta nets,
 * optimizers, buffers); {@link CurationStep} and {@link PretrainingStep} each turn a batch into
 * their objective's loss and outcomes; {@link TrainerState} writes and restores the parts and
 * counters.
 *
 * <p>Not thread-safe: one thread drives a trainer at a time. All randomness comes from the
 * trainer's own generator, so a trainer restored from {@link #snapshot()} continues bit-identically
 * on the CPU with a fixed thread count.
 */
public final class SamaTrainer implements AutoCloseable {

    private final TrainerConfig config;
    private final Device device;
    private final DataType dataType;
    private final NDManager root;
    private final TrainerParts parts;
    private final StepCounters counters = new StepCounters();
    private final Hypergradient hypergradient;
    private final ObjectiveStep objectiveStep;

    private SamaTrainer(TrainerConfig config) {
        EngineSettings.ensureOffline();
        this.config = config;
        this.device = Devices.select(config.gpuIndex());
        this.dataType = config.dataType();
        this.root = NDManager.newBaseManager(device, "PyTorch");
        try {
            this.parts = new TrainerParts(config, root, device);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        this.hypergradient = config.metaLearning() ? config.hypergradient().create() : null; // null: no meta steps
        this.objectiveStep = config.objective() == Objective.CURATION
                ? new CurationStep(this, parts, config) : new PretrainingStep(this, parts, config);
    }

    /** A manager for one step's arrays, freed when the step ends. */
    NDManager newStepManager() {
        return root.newSubManager();
    }

    public static SamaTrainer create(TrainerConfig config) {
        return new SamaTrainer(config);
    }

    /** A trainer that continues exactly where the one that wrote {@code state} stopped. */
    public static SamaTrainer restore(TrainerConfig config, byte[] state) {
        SamaTrainer trainer = new SamaTrainer(config);
        try {
            TrainerState.read(trainer.parts, trainer.counters, trainer.device, state);
            return trainer;
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    /** Versioned bytes of everything needed to continue bit-identically. */
    public byte[] snapshot() {
        return TrainerState.write(parts, counters);
    }

    /** Adds trusted samples (clean labels) to the bounded buffer that meta batches are drawn from. */
    public void addTrusted(List<Example> examples) {
        for (Example example : examples) {
            checkExample(example, true);
        }
        parts.trusted().addAll(examples);
        LabelModel labelModel = parts.labelModel();
        if (labelModel != null) {
            List<Example> voted = examples.stream().filter(e -> e.votes().length > 0).toList();
            labelModel.observeTrusted(voted.stream().map(Example::votes).toArray(int[][]::new),
                    voted.stream().mapToInt(Example::label).toArray());
        }
    }

    /** One base step on {@code batch}, then a meta step when one is due. */
    public StepResult train(List<Example> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        boolean curation = config.objective() == Objective.CURATION;
        for (Example example : batch) {
            checkExample(example, curation);
        }
        return objectiveStep.train(batch);
    }

    /**
     * The part of a base step both objectives share once their gradients are in: θ's update (unless
     * something is not finite), the outcomes, the window's statistics, the meta step when one is due,
     * and the result with the call's wall time.
     *
     * @param outcomes read after θ's update (they come from the step's own arrays, not from θ)
     * @param problems the meta step's bilevel problem, given where the base gradient was non-zero
     */
    StepResult completeStep(NDManager step, long started, List<NDArray> gradients, double baseLoss,
            Supplier<List<ExampleOutcome>> outcomes, Function<List<NDArray>, ProblemFactory> problems) {
        BaseUpdate update = applyBaseUpdate(gradients, baseLoss, step);
        List<ExampleOutcome> stepOutcomes = outcomes.get();
        parts.window().add(stepOutcomes, baseLoss);
        parts.window().addNanos(System.nanoTime() - started);
        Optional<MetaStepReport> report = update.metaStepFollows()
                ? Optional.of(metaStep(step, problems.apply(update.support())))
                : Optional.empty();
        return new StepResult(stepOutcomes, baseLoss, update.applied(), report, System.nanoTime() - started);
    }

    /**
     * Whether θ was updated, and whether a meta step is due now; if so, where the base gradient was
     * non-zero (masks in the step's manager, for {@link BilevelProblem#baseGradientSupport()}).
     */
    private record BaseUpdate(boolean applied, boolean metaStepFollows, List<NDArray> support) {}

    /** Applies one update of θ unless the loss or a gradient is not finite; closes the gradients. */
    private BaseUpdate applyBaseUpdate(List<NDArray> gradients, double baseLoss, NDManager step) {
        boolean applied = Double.isFinite(baseLoss) && Tensors.allFinite(gradients);
        if (applied) {
            clip(gradients);
            parts.baseOptimizer().step(parts.learner().parameters(), gradients);
            updateEma();
        }
        counters.baseStep(applied);
        boolean metaStepFollows = applied && metaStepDue();
        List<NDArray> support = metaStepFollows ? nonZero(gradients, step) : null;
        Tensors.close(gradients); // θ-sized: not kept through the meta step
        return new BaseUpdate(applied, metaStepFollows, support);
    }

    private List<NDArray> nonZero(List<NDArray> arrays, NDManager manager) {
        List<NDArray> masks = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            try (NDArray nonZero = array.neq(0)) {
                NDArray mask = nonZero.toType(dataType, false);
                mask.attach(manager);
                masks.add(mask);
            }
        }
        return masks;
    }

    /** Class probabilities of the current model (evaluation mode), one row per example. */
    public float[][] predict(List<Example> examples) {
        if (examples.isEmpty()) {
            return new float[0][];
        }
        try (Autograd.GradModeScope ignored = Autograd.paused(); NDManager step = root.newSubManager()) {
            ModelInput input = ModelInput.encode(examples, parts.learner().inputSpec(), dataType, step);
            NDArray probabilities = parts.learner().logits(input, Forward.eval()).softmax(1).toType(DataType.FLOAT32, false);
            float[] flat = probabilities.toFloatArray();
            int classes = config.numClasses();
            float[][] rows = new float[examples.size()][classes];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * classes, rows[i], 0, classes);
            }
            return rows;
        }
    }

    private boolean metaStepDue() {
        return config.metaLearning() && counters.modelVersion() % config.unroll() == 0;
    }

    /** Builds a meta step's bilevel problem around a meta batch. */
    interface ProblemFactory {
        BilevelProblem create(ModelInput metaInput, NDArray metaOneHot);
    }

    private MetaStepReport metaStep(NDManager step, ProblemFactory problems) {
        long started = System.nanoTime();
        ExampleBuffer source = config.metaData() == MetaDataSource.TRUSTED ? parts.trusted() : parts.recent();
        counters.metaStep();
        if (source.size() == 0) {
            counters.metaStepWithoutData();
            return report(Double.NaN, false, started);
        }
        List<Example> metaExamples = source.sample(config.metaBatchSize(), parts.rng());
        ModelInput metaInput = ModelInput.encode(metaExamples, parts.learner().inputSpec(), dataType, step);
        NDArray metaOneHot = LabeledBatch.oneHot(metaExamples, config.numClasses(), dataType, step);
        MetaGradient metaGradient = hypergradient.metaGradient(problems.create(metaInput, metaOneHot), step);
        boolean applied = metaGradient.usable() && Tensors.allFinite(metaGradient.lambdaGradient());
        if (applied) {
            parts.metaOptimizer().step(parts.metaParameters(), metaGradient.lambdaGradient());
        } else {
            counters.skippedMetaUpdate();
        }
        return report(metaGradient.metaLoss(), applied, started);
    }

    private MetaStepReport report(double metaLoss, boolean applied, long started) {
        return parts.window().report(counters.metaSteps(), counters.modelVersion(), metaLoss, applied,
                System.nanoTime() - started);
    }

    private void clip(List<NDArray> gradients) {
        if (config.maxGradNorm() == 0) {
            return;
        }
        double norm = Tensors.norm(gradients);
        if (norm > config.maxGradNorm()) {
            double factor = config.maxGradNorm() / norm;
            for (NDArray gradient : gradients) {
                gradient.muli(factor);
            }
        }
    }

    /** θ_ema ← d·θ_ema + (1 − d)·θ, in place. */
    private void updateEma() {
        BaseLearner ema = parts.ema();
        if (ema == null) {
            return;
        }
        double decay = config.emaDecay();
        List<NDArray> averages = ema.parameters().arrays();
        List<NDArray> current = parts.learner().parameters().arrays();
        for (int i = 0; i < averages.size(); i++) {
            try (NDArray fresh = current.get(i).mul(1 - decay)) {
                averages.get(i).muli(decay).addi(fresh);
            }
        }
    }

    private void checkExample(Example example, boolean labelRequired) {
        if (!labelRequired) {
            if (example.isDense()) {
                throw new IllegalArgumentException("example " + example.id() + " is a pretraining sample without token ids");
            }
            return; // a label on a pretraining sample is ignored
        }
        Optional<String> breach = ExampleRules.label(example.label(), config.numClasses())
                .or(() -> ExampleRules.voteCount(example.votes().length, config.labelingFunctions()));
        int[] votes = example.votes();
        for (int i = 0; i < votes.length && breach.isEmpty(); i++) {
            breach = ExampleRules.vote(i, votes[i], config.numClasses());
        }
        breach.ifPresent(message -> {
            throw new IllegalArgumentException("example " + example.id() + ": " + message);
        });
    }

    public TrainerConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public long modelVersion() {
        return counters.modelVersion();
    }

    public TrainerCounters counters() {
        return counters.snapshot();
    }

    /** θ of the base learner (read-only use: for inspection and tests). */
    public ParameterSet baseParameters() {
        return parts.learner().parameters();
    }

    /** λ of the meta nets (read-only use). */
    public ParameterSet metaParameters() {
        return parts.metaParameters();
    }

    public int trustedSize() {
        return parts.trusted().size();
    }

    @Override
    public void close() {
        parts.close();
        root.close();
    }
}
